// Turns what the server answers into the dashboard's types. The contract is
// README "API used"; these functions also accept the shapes of the server's
// stored rows (Unix-millisecond times, `online: 1`, `running_bundle`, strategy as
// JSON text, `{t, v}` points), so the UI keeps working while the API settles.

import type {
  Bundle,
  BundleDetail,
  BundleFile,
  BundleRef,
  Counts,
  Device,
  DeviceError,
  LogLine,
  Rollout,
  RolloutDetail,
  RolloutDevice,
  Series,
  Strategy,
  TelemetryPoint,
  Wave,
} from "./types";

type Raw = Record<string, unknown>;

const isObj = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" ? v : typeof v === "number" ? String(v) : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : null);

/** A time as RFC 3339: accepts RFC 3339 text, Unix milliseconds, or Unix seconds. */
export function toIso(v: unknown): string | null {
  if (typeof v === "string") return v || null;
  const n = num(v);
  if (n === null) return null;
  const ms = n < 1e11 ? n * 1000 : n;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A time as Unix milliseconds, from milliseconds, seconds or RFC 3339 text. */
export function toMs(v: unknown): number | null {
  if (typeof v === "string") {
    const asNum = num(v);
    if (asNum !== null) return toMs(asNum);
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
  const n = num(v);
  if (n === null) return null;
  return n < 1e11 ? n * 1000 : n;
}

function parseJsonText(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function bundleRef(v: unknown, extra?: Raw): BundleRef | null {
  if (isObj(v)) {
    const sha = str(v.sha256) ?? str(v.sha) ?? str(v.hash);
    if (!sha) return null;
    return { sha256: sha, name: str(v.name), version: str(v.version) ?? "" };
  }
  const sha = str(v);
  if (!sha) return null;
  return { sha256: sha, name: str(extra?.bundle_name), version: str(extra?.bundle_version) ?? str(extra?.running_version) ?? "" };
}

export function normalizeDevice(raw: unknown): Device {
  const r: Raw = isObj(raw) ? raw : {};
  const info = parseJsonText(r.info);
  const infoObj: Raw = isObj(info) ? info : {};
  const onlineFlag = r.online;
  const status =
    str(r.status) ?? (onlineFlag === true || onlineFlag === 1 ? "online" : onlineFlag === false || onlineFlag === 0 ? "offline" : "offline");
  const appState = str(r.app_state) ?? str(r.deploy_state) ?? str(infoObj.app_state);
  let lastError: DeviceError | null = null;
  if (isObj(r.last_error)) {
    lastError = {
      at: toIso(r.last_error.at),
      message: str(r.last_error.message) ?? "",
      traceback: str(r.last_error.traceback),
    };
  } else if (str(r.deploy_error)) {
    const text = str(r.deploy_error) ?? "";
    const lines = text.trim().split("\n");
    lastError = { at: toIso(r.deploy_updated_at), message: lines[lines.length - 1], traceback: lines.length > 1 ? text : null };
  }
  const failing = typeof r.failing === "boolean" ? r.failing : appState === "failed" || appState === "rolled_back";
  return {
    id: str(r.id) ?? str(r.device_id) ?? "?",
    status,
    failing,
    tags: Array.isArray(r.tags) ? r.tags.filter((t): t is string => typeof t === "string") : [],
    last_seen: toIso(r.last_seen),
    enrolled_at: toIso(r.enrolled_at),
    agent_version: str(r.agent_version),
    interpreter_version: str(r.interpreter_version),
    platform: str(r.platform) ?? str(infoObj.platform) ?? str(infoObj.board),
    bundle: bundleRef(r.bundle, r) ?? bundleRef(r.running_bundle, r),
    app_state: appState,
    last_error: lastError,
    desired_bundle: str(r.desired_bundle) ?? (isObj(r.desired_bundle) ? str(r.desired_bundle.sha256) : null),
  };
}

/**
 * A device updated by a live event. An event may carry the whole device (as
 * `GET /devices/{id}` answers) or only what changed; fields it leaves out keep
 * their old values.
 */
export function mergeDeviceEvent(old: Device, raw: Record<string, unknown>): Device {
  const next = normalizeDevice({ id: old.id, ...raw });
  const has = (...keys: string[]) => keys.some((k) => k in raw);
  return {
    ...old,
    status: has("status", "online") ? next.status : old.status,
    failing: has("failing", "app_state", "deploy_state") ? next.failing : old.failing,
    app_state: has("app_state", "deploy_state") ? next.app_state : old.app_state,
    last_error: has("last_error", "deploy_error") ? next.last_error : old.last_error,
    tags: has("tags") ? next.tags : old.tags,
    last_seen: has("last_seen") ? next.last_seen : old.last_seen,
    agent_version: has("agent_version") ? next.agent_version : old.agent_version,
    interpreter_version: has("interpreter_version") ? next.interpreter_version : old.interpreter_version,
    platform: has("platform", "info") ? (next.platform ?? old.platform) : old.platform,
    // Keep the name a device list resolved for the same bundle.
    bundle: has("bundle", "running_bundle") ? (next.bundle && next.bundle.sha256 === old.bundle?.sha256 ? old.bundle : next.bundle) : old.bundle,
    desired_bundle: has("desired_bundle") ? next.desired_bundle : old.desired_bundle,
  };
}

/** Strategy from `{type, ...}`, serde's `{"Canary": {...}}` / `"All"`, or JSON text of either. */
export function normalizeStrategy(v: unknown): Strategy {
  const s = parseJsonText(v);
  if (typeof s === "string") return { type: "all" };
  if (!isObj(s)) return { type: "all" };
  let type = str(s.kind) ?? str(s.type) ?? str(s.strategy);
  let body: Raw = s;
  if (!type) {
    const keys = Object.keys(s);
    if (keys.length === 1) {
      type = keys[0];
      body = isObj(s[keys[0]]) ? (s[keys[0]] as Raw) : { value: s[keys[0]] };
    }
  }
  const t = (type ?? "all").toLowerCase();
  if (t === "canary") {
    const pct = num(body.percent);
    const count = num(body.count) ?? num(body.devices) ?? num(body.value);
    return pct !== null ? { type: "canary", percent: pct } : { type: "canary", count: count ?? 1 };
  }
  if (t === "waves") {
    const w = Array.isArray(body.percents) ? body.percents : Array.isArray(body.waves) ? body.waves : Array.isArray(body.value) ? body.value : [];
    return { type: "waves", waves: w.map((x) => num(isObj(x) ? x.percent : x) ?? 0) };
  }
  return { type: "all" };
}

function normalizeCounts(v: unknown): Counts | null {
  if (!isObj(v)) return null;
  if (!("total" in v)) {
    // The server's `counts` is devices per member state ({"pending": 2, "updating": 1, ...}).
    const c = { total: 0, pending: 0, in_progress: 0, succeeded: 0, failed: 0 };
    for (const [state, n] of Object.entries(v)) {
      const k = num(n) ?? 0;
      c.total += k;
      c[bucket(state)] += k;
    }
    return c;
  }
  const n = (k: string) => num(v[k]) ?? 0;
  const c = { total: n("total"), pending: n("pending"), in_progress: n("in_progress"), succeeded: n("succeeded"), failed: n("failed") };
  if (!c.total) c.total = c.pending + c.in_progress + c.succeeded + c.failed;
  return c;
}

const SUCCEEDED = new Set(["succeeded", "success", "done", "healthy"]);
const FAILED = new Set(["failed", "rolled_back", "timed_out", "error"]);
const PENDING = new Set(["pending", "waiting", "queued", "superseded", "skipped"]);

/** Which counter a per-device rollout state belongs to. */
export function bucket(state: string): "succeeded" | "failed" | "in_progress" | "pending" {
  if (SUCCEEDED.has(state)) return "succeeded";
  if (FAILED.has(state)) return "failed";
  if (PENDING.has(state)) return "pending";
  return "in_progress";
}

export function countDevices(devices: RolloutDevice[], wave?: number): Counts {
  const c = { total: 0, pending: 0, in_progress: 0, succeeded: 0, failed: 0 };
  for (const d of devices) {
    if (wave !== undefined && d.wave !== wave) continue;
    c.total += 1;
    c[bucket(d.state)] += 1;
  }
  return c;
}

export function normalizeRolloutDevice(raw: unknown, rolloutId?: string): RolloutDevice {
  const r: Raw = isObj(raw) ? raw : {};
  return {
    rollout_id: str(r.rollout_id) ?? rolloutId,
    device_id: str(r.device_id) ?? str(r.id) ?? "?",
    wave: num(r.wave) ?? 0,
    state: str(r.state) ?? "pending",
    error: str(r.error),
    updated_at: toIso(r.updated_at),
  };
}

export function normalizeWaves(v: unknown, devices: RolloutDevice[] | null, strategy: Strategy): Wave[] {
  if (Array.isArray(v) && v.length) {
    return v.map((w, i) => {
      const o: Raw = isObj(w) ? w : {};
      const index = num(o.index) ?? i;
      const c = normalizeCounts(o) ?? (devices ? countDevices(devices, index) : { total: 0, pending: 0, in_progress: 0, succeeded: 0, failed: 0 });
      return { ...c, index, name: str(o.name), state: str(o.state) ?? undefined };
    });
  }
  if (!devices || devices.length === 0) return [];
  const max = devices.reduce((m, d) => Math.max(m, d.wave), 0);
  const names = strategy.type === "canary" ? ["canary", "rest"] : [];
  const waves: Wave[] = [];
  for (let i = 0; i <= max; i++) {
    const c = countDevices(devices, i);
    waves.push({ ...c, index: i, name: names[i] ?? (strategy.type === "waves" ? `Wave ${i + 1}` : max === 0 ? "all" : `Wave ${i + 1}`) });
  }
  return withWaveStates(waves);
}

/**
 * Each wave's state from its counts: `done` when every device finished, the first
 * unfinished wave that has started (or follows a finished one) is `active`, the rest `waiting`.
 */
export function withWaveStates(waves: Wave[]): Wave[] {
  const out: Wave[] = [];
  let active = false;
  for (let i = 0; i < waves.length; i++) {
    const c = waves[i];
    const done = c.total > 0 && c.succeeded + c.failed === c.total;
    const started = c.in_progress > 0 || c.pending < c.total;
    const state = done ? "done" : !active && (started || i === 0 || out[i - 1]?.state === "done") ? "active" : "waiting";
    if (state === "active") active = true;
    out.push({ ...c, state });
  }
  return out;
}

export function normalizeRollout(raw: unknown): RolloutDetail {
  let r: Raw = isObj(raw) ? raw : {};
  // `{rollout: {...}, devices: [...]}` is accepted as well as a flat object.
  if (isObj(r.rollout)) r = { ...(r.rollout as Raw), ...(Array.isArray(r.devices) ? { devices: r.devices } : {}), ...(r.counts ? { counts: r.counts } : {}), ...(r.waves ? { waves: r.waves } : {}) };
  const id = str(r.id) ?? "?";
  const devices = Array.isArray(r.devices) ? r.devices.map((d) => normalizeRolloutDevice(d, id)) : null;
  const strategy = normalizeStrategy(r.strategy);
  const counts = normalizeCounts(r.counts) ?? (devices ? countDevices(devices) : { total: 0, pending: 0, in_progress: 0, succeeded: 0, failed: 0 });
  return {
    id,
    bundle: bundleRef(r.bundle, r) ?? bundleRef(r.bundle_sha256, r) ?? { sha256: "", version: "" },
    target: str(r.target) ?? "all",
    strategy,
    failure_threshold: num(r.failure_threshold),
    state: str(r.state) ?? "running",
    created_at: toIso(r.created_at),
    updated_at: toIso(r.updated_at),
    counts,
    waves: normalizeWaves(r.waves, devices, strategy),
    devices: devices ?? [],
    reason: str(r.reason),
  } as RolloutDetail;
}

export function normalizeRolloutSummary(raw: unknown): Rollout {
  const { devices: _devices, ...rest } = normalizeRollout(raw);
  return rest;
}

export function normalizeBundle(raw: unknown): BundleDetail {
  const r: Raw = isObj(raw) ? raw : {};
  const manifest = parseJsonText(r.manifest);
  const m: Raw = isObj(manifest) ? manifest : {};
  const filesRaw = Array.isArray(r.files_list) ? r.files_list : Array.isArray(r.files) ? r.files : Array.isArray(m.files) ? m.files : null;
  const files: BundleFile[] | undefined = filesRaw?.map((f) => {
    const o: Raw = isObj(f) ? f : { path: str(f) };
    return { path: str(o.path) ?? str(o.name) ?? "?", size: num(o.size) ?? num(o.len) ?? 0, sha256: str(o.sha256) ?? str(o.hash) };
  });
  const b: BundleDetail = {
    sha256: str(r.sha256) ?? str(r.sha) ?? "",
    name: str(r.name) ?? str(r.app) ?? str(m.name) ?? str(m.app),
    version: str(r.version) ?? str(m.version) ?? "",
    size: num(r.size) ?? num(r.len) ?? 0,
    created_at: toIso(r.created_at ?? r.uploaded_at),
    signed_by: str(r.signed_by) ?? str(r.key_id) ?? str(r.signer) ?? str(m.key_id),
    files: num(r.files) ?? files?.length ?? null,
    sequence: num(r.sequence) ?? num(m.sequence),
    manifest: manifest ?? undefined,
    files_list: files,
  };
  return b;
}

export function normalizeBundleSummary(raw: unknown): Bundle {
  const { manifest: _m, files_list: _f, ...rest } = normalizeBundle(raw);
  return rest;
}

function normalizePoints(v: unknown): [number, number][] {
  if (!Array.isArray(v)) return [];
  const out: [number, number][] = [];
  for (const p of v) {
    let t: number | null = null;
    let val: number | null = null;
    if (Array.isArray(p)) {
      t = toMs(p[0]);
      val = num(p[1]);
    } else if (isObj(p)) {
      t = toMs(p.t ?? p.ts ?? p.time ?? p.at);
      val = num(p.v ?? p.value ?? p.avg);
    }
    if (t !== null && val !== null) out.push([t, val]);
  }
  out.sort((a, b) => a[0] - b[0]);
  return out;
}

/** Units of the agent's heartbeat metrics, for series the server sends without one. */
export function guessUnit(metric: string): string | null {
  if (/(^|_)(ram|heap|flash|mem|memory)(_|$)|bytes$/.test(metric)) return "bytes";
  if (/_ms$/.test(metric)) return "ms";
  if (/_s$|_secs?$|_seconds$/.test(metric)) return "s";
  if (/rssi/.test(metric)) return "dBm";
  if (/temp/.test(metric)) return "°C";
  if (/_pct$|_percent$/.test(metric)) return "%";
  return null;
}

/**
 * `{series: [...]}`, the server's `{buckets: [{metric, ts, avg, min, max, count}]}`,
 * a bare list of series, or `{metric: points}`.
 */
export function normalizeSeries(raw: unknown): Series[] {
  if (isObj(raw) && Array.isArray(raw.buckets)) {
    const byMetric = new Map<string, [number, number][]>();
    for (const b of raw.buckets) {
      if (!isObj(b)) continue;
      const metric = str(b.metric);
      const t = toMs(b.ts ?? b.t);
      const v = num(b.avg ?? b.v ?? b.value);
      if (!metric || t === null || v === null) continue;
      const list = byMetric.get(metric) ?? [];
      list.push([t, v]);
      byMetric.set(metric, list);
    }
    return [...byMetric.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([metric, points]) => ({ metric, unit: guessUnit(metric), points: points.sort((a, b) => a[0] - b[0]) }));
  }
  const r = isObj(raw) && "series" in raw ? raw.series : raw;
  if (Array.isArray(r)) {
    return r.filter(isObj).map((s) => {
      const metric = str(s.metric) ?? str(s.name) ?? "?";
      return { metric, unit: str(s.unit) ?? guessUnit(metric), points: normalizePoints(s.points) };
    });
  }
  if (isObj(r)) return Object.entries(r).map(([metric, points]) => ({ metric, unit: guessUnit(metric), points: normalizePoints(points) }));
  return [];
}

export function normalizePoint(raw: unknown): TelemetryPoint | null {
  if (!isObj(raw)) return null;
  const metric = str(raw.metric) ?? str(raw.name);
  const t = toMs(raw.t ?? raw.ts ?? raw.time ?? raw.at);
  const v = num(raw.v ?? raw.value);
  if (!metric || t === null || v === null) return null;
  return { metric, unit: str(raw.unit) ?? guessUnit(metric), t, v };
}

/** Log lines oldest first (by the server's row id when it has one, else by time). */
export function sortLogs(raw: unknown[]): LogLine[] {
  const keyed = raw
    .map((r, i) => ({ r, key: isObj(r) ? (num(r.id) ?? toMs(r.ts ?? r.t) ?? i) : i, line: normalizeLog(r) }))
    .filter((x): x is { r: unknown; key: number; line: LogLine } => x.line !== null);
  keyed.sort((a, b) => a.key - b.key);
  return keyed.map((x) => x.line);
}

export function normalizeLog(raw: unknown): LogLine | null {
  if (!isObj(raw)) return null;
  const message = str(raw.message) ?? str(raw.line) ?? str(raw.text) ?? str(raw.msg);
  if (message === null) return null;
  return { t: toIso(raw.t ?? raw.ts ?? raw.time ?? raw.at) ?? new Date().toISOString(), level: (str(raw.level) ?? str(raw.stream) ?? "info").toLowerCase(), message };
}
