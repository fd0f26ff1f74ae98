// A small typed client for the Pyrite HTTP API. Every call goes through
// `request`, which adds the bearer token and turns error bodies into ApiError.

import type { Bundle, BundleDetail, BundleRef, Device, DeviceQuery, FleetSummary, LogLine, Me, NewRollout, Page, Rollout, RolloutDetail, Series } from "./types";
import {
  normalizeBundle,
  normalizeBundleSummary,
  normalizeDevice,
  normalizeRollout,
  normalizeRolloutSummary,
  normalizeSeries,
  sortLogs,
  toIso,
} from "./normalize";

export const API_BASE = "/api/v1";

/** How long a whole device list (from a server that does not page) is reused. */
const FULL_LIST_TTL_MS = 5000;

/** An error answered by the server (or the network), with the server's stable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /**
   * The endpoint does not exist on this server (yet): pages show an empty state.
   * A 404 for a missing *thing* carries the code `not_found` and is a real error.
   */
  get isMissing(): boolean {
    // pyrite-fleet answers an unknown route with `not_found` / "route not found".
    const unknownRoute = this.code !== "not_found" || this.message === "route not found";
    return (this.status === 404 && unknownRoute) || this.status === 405 || this.status === 501;
  }
}

/** Turns a failed response's body into an ApiError (JSON `{error:{code,message}}` or text). */
export function errorFromBody(status: number, statusText: string, body: string): ApiError {
  let code = `http_${status}`;
  let message = statusText || `HTTP ${status}`;
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed && typeof parsed === "object") {
      const obj = parsed as Record<string, unknown>;
      const err = (typeof obj.error === "object" && obj.error !== null ? obj.error : obj) as Record<string, unknown>;
      if (typeof err.code === "string") code = err.code;
      if (typeof err.message === "string") message = err.message;
      else if (typeof obj.error === "string") message = obj.error;
    }
  } catch {
    const text = body.trim();
    if (text && text.length < 300 && !text.startsWith("<")) message = text;
  }
  return new ApiError(status, code, message);
}

/** Query string from an object, leaving out empty values. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "") continue;
    search.set(k, String(v));
  }
  const s = search.toString();
  return s ? `?${s}` : "";
}

type Fetch = typeof fetch;

export class Client {
  onUnauthorized: () => void = () => {};

  constructor(
    public token: string | null,
    private readonly fetchImpl: Fetch = (...args) => fetch(...args),
  ) {}

  async request<T>(method: string, path: string, body?: unknown, raw?: Blob | ArrayBuffer): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    let payload: BodyInit | undefined;
    if (raw !== undefined) {
      headers["Content-Type"] = "application/octet-stream";
      payload = raw;
    } else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    let res: Response;
    try {
      res = await this.fetchImpl(API_BASE + path, { method, headers, body: payload });
    } catch (e) {
      throw new ApiError(0, "network", `Cannot reach the server: ${(e as Error).message}`);
    }
    if (res.status === 401) {
      this.onUnauthorized();
    }
    if (!res.ok) {
      throw errorFromBody(res.status, res.statusText, await res.text());
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(res.status, "bad_json", "The server answered with something that is not JSON");
    }
  }

  /** Checks a token: `/me`, or a one-device listing on servers without `/me`. */
  async whoAmI(): Promise<Me> {
    try {
      return await this.request<Me>("GET", "/me");
    } catch (e) {
      if (e instanceof ApiError && (e.isMissing || e.status === 404)) {
        await this.request("GET", "/devices?limit=1");
        return { name: "operator" };
      }
      throw e;
    }
  }

  async summary(): Promise<FleetSummary> {
    const s = await this.request<FleetSummary>("GET", "/fleet/summary");
    return {
      devices: { ...{ total: 0, online: 0, offline: 0, failing: 0 }, ...((s?.devices ?? {}) as Partial<FleetSummary["devices"]>) },
      bundle_versions: Array.isArray(s?.bundle_versions) ? s.bundle_versions : [],
      recent_failures: Array.isArray(s?.recent_failures) ? s.recent_failures.map((f) => ({ ...f, at: toIso(f.at) })) : [],
      active_rollouts: Array.isArray(s?.active_rollouts) ? s.active_rollouts.map(normalizeRolloutSummary) : [],
    };
  }

  private fullList: { at: number; list: Promise<Device[]> } | null = null;
  private serverPages: boolean | null = null;
  private bundleNames: { at: number; map: Promise<Map<string, Bundle>> } | null = null;

  /**
   * A page of devices. The server pages, filters and sorts when it answers `{items, total}`;
   * when it answers the whole list (a bare array), that is done here, on a copy reused for
   * five seconds so the overview's counts, searching and sorting cost one request.
   */
  async devices(q: DeviceQuery): Promise<Page<Device>> {
    // A server that answered with the whole list will again: re-page a recent copy
    // (typing in the search box or sorting 10,000 devices then costs no request).
    if (this.serverPages === false && this.fullList && Date.now() - this.fullList.at < FULL_LIST_TTL_MS) {
      return pageLocally(await this.fullList.list, q);
    }
    const raw = await this.request<Page<unknown> | unknown[]>("GET", `/devices${queryString({ ...q })}`);
    this.serverPages = !Array.isArray(raw);
    if (!Array.isArray(raw)) {
      const page = normalizePage(raw);
      return { items: await this.withBundleNames(page.items.map(normalizeDevice)), total: page.total };
    }
    const list = await this.withBundleNames(raw.map(normalizeDevice));
    this.fullList = { at: Date.now(), list: Promise.resolve(list) };
    return pageLocally(list, q);
  }

  /** Drops cached lists (after a reconnect, the next read must come from the server). */
  forgetCached(): void {
    this.fullList = null;
  }

  /** Counts for the overview (uses the cached full list when the server does not page). */
  async deviceCount(status: DeviceQuery["status"]): Promise<number> {
    if (this.fullList && Date.now() - this.fullList.at < FULL_LIST_TTL_MS) {
      return pageLocally(await this.fullList.list, { status, limit: 1, offset: 0 }).total;
    }
    return (await this.devices({ status, limit: 1, offset: 0 })).total;
  }

  async device(id: string): Promise<Device> {
    const d = normalizeDevice(await this.request<unknown>("GET", `/devices/${encodeURIComponent(id)}`));
    return (await this.withBundleNames([d]))[0];
  }

  /** Bundles by sha256 (cached ten seconds), to name what the server gives only a hash of. */
  private bundleMap(): Promise<Map<string, Bundle>> {
    if (!this.bundleNames || Date.now() - this.bundleNames.at > 10_000) {
      this.bundleNames = {
        at: Date.now(),
        map: this.bundles().then(
          (list) => new Map(list.map((b) => [b.sha256, b])),
          () => new Map(),
        ),
      };
    }
    return this.bundleNames.map;
  }

  /** Fills in bundle names and versions for devices that report only a sha256. */
  private async withBundleNames(devices: Device[]): Promise<Device[]> {
    if (!devices.some((d) => d.bundle && !d.bundle.version)) return devices;
    const names = await this.bundleMap();
    return devices.map((d) => (d.bundle ? { ...d, bundle: nameBundle(d.bundle, names) } : d));
  }

  /** A rollout from a live event, with its bundle's name and version filled in. */
  async namedRollout<R extends Rollout>(r: R): Promise<R> {
    return (await this.withRolloutBundleNames([r]))[0];
  }

  /** A device from a live event, with its bundle's name and version filled in. */
  async namedDevice(d: Device): Promise<Device> {
    return (await this.withBundleNames([d]))[0];
  }

  private async withRolloutBundleNames<R extends Rollout>(rollouts: R[]): Promise<R[]> {
    if (!rollouts.some((r) => !r.bundle.version)) return rollouts;
    const names = await this.bundleMap();
    return rollouts.map((r) => ({ ...r, bundle: nameBundle(r.bundle, names) }));
  }

  async setTags(id: string, tags: string[]): Promise<Device | null> {
    const res = await this.request<unknown>("PUT", `/devices/${encodeURIComponent(id)}/tags`, { tags });
    return res && typeof res === "object" && "id" in res ? normalizeDevice(res) : null;
  }

  command(id: string, command: "reboot" | "stop" | "start") {
    return this.request<unknown>("POST", `/devices/${encodeURIComponent(id)}/commands`, { command });
  }

  async telemetry(id: string, from: Date, to: Date, maxPoints: number): Promise<Series[]> {
    const res = await this.request<unknown>(
      "GET",
      `/devices/${encodeURIComponent(id)}/telemetry${queryString({
        from: from.getTime(),
        to: to.getTime(),
        max_points: maxPoints,
      })}`,
    );
    return normalizeSeries(res);
  }

  async logs(id: string, limit: number): Promise<LogLine[]> {
    const res = await this.request<Page<unknown> | unknown[]>("GET", `/devices/${encodeURIComponent(id)}/logs?limit=${limit}`);
    return sortLogs(normalizePage(res).items);
  }

  async bundles(): Promise<Bundle[]> {
    return normalizePage(await this.request<Page<unknown> | unknown[]>("GET", "/bundles")).items.map(normalizeBundleSummary);
  }

  async bundle(sha: string): Promise<BundleDetail> {
    return normalizeBundle(await this.request<unknown>("GET", `/bundles/${encodeURIComponent(sha)}`));
  }

  async uploadBundle(file: Blob): Promise<Bundle | null> {
    const res = await this.request<unknown>("POST", "/bundles", undefined, file);
    return res && typeof res === "object" ? normalizeBundleSummary(res) : null;
  }

  deleteBundle(sha: string) {
    return this.request<void>("DELETE", `/bundles/${encodeURIComponent(sha)}`);
  }

  async rollouts(): Promise<Rollout[]> {
    const list = normalizePage(await this.request<Page<unknown> | unknown[]>("GET", "/rollouts")).items.map(normalizeRolloutSummary);
    return this.withRolloutBundleNames(list);
  }

  async rollout(id: string): Promise<RolloutDetail> {
    const r = normalizeRollout(await this.request<unknown>("GET", `/rollouts/${encodeURIComponent(id)}`));
    return (await this.withRolloutBundleNames([r]))[0];
  }

  async createRollout(body: NewRollout): Promise<Rollout> {
    return normalizeRolloutSummary(await this.request<unknown>("POST", "/rollouts", body));
  }

  async rolloutAction(id: string, action: "pause" | "resume" | "abort"): Promise<Rollout | null> {
    const res = await this.request<unknown>("POST", `/rollouts/${encodeURIComponent(id)}/${action}`);
    return res && typeof res === "object" && "state" in res ? normalizeRolloutSummary(res) : null;
  }

  /** URL for an SSE or WebSocket stream, with the token in the query (browsers cannot set headers there). */
  streamUrl(path: string, websocket = false): string {
    const sep = path.includes("?") ? "&" : "?";
    const rel = `${API_BASE}${path}${this.token ? `${sep}token=${encodeURIComponent(this.token)}` : ""}`;
    if (!websocket) return rel;
    const proto = window.location.protocol === "https:" ? "wss:" : "ws:";
    return `${proto}//${window.location.host}${rel}`;
  }
}

function nameBundle(b: BundleRef, names: Map<string, Bundle>): BundleRef {
  const known = names.get(b.sha256);
  return known ? { ...b, name: b.name ?? known.name, version: b.version || known.version } : b;
}

/** Filters, sorts and pages a full device list the way the server would. */
export function pageLocally(all: Device[], q: Partial<DeviceQuery> & { limit: number; offset: number }): Page<Device> {
  const text = (q.q ?? "").trim().toLowerCase();
  const list = all.filter((d) => {
    if (text && !d.id.toLowerCase().includes(text) && !d.tags.some((t) => t.toLowerCase().includes(text))) return false;
    if (q.status === "failing" && !(d.failing || d.app_state === "failed")) return false;
    if ((q.status === "online" || q.status === "offline" || q.status === "revoked") && d.status !== q.status) return false;
    if (q.tag && !d.tags.includes(q.tag)) return false;
    return true;
  });
  const key = (d: Device): string =>
    q.sort === "status" ? d.status : q.sort === "last_seen" ? (d.last_seen ?? "") : q.sort === "bundle" ? `${d.bundle?.name ?? ""} ${d.bundle?.version ?? ""}` : d.id;
  list.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    // Natural order, so sim-2 comes before sim-10.
    const c = ka.localeCompare(kb, undefined, { numeric: true }) || a.id.localeCompare(b.id, undefined, { numeric: true });
    return q.order === "desc" ? -c : c;
  });
  return { items: list.slice(q.offset, q.offset + q.limit), total: list.length };
}

/** Accepts `{items,total}` or a bare array, so a server that returns either works. */
export function normalizePage<T>(page: Page<T> | T[] | null | undefined): Page<T> {
  if (!page) return { items: [], total: 0 };
  if (Array.isArray(page)) return { items: page, total: page.length };
  const items = Array.isArray(page.items) ? page.items : [];
  return { items, total: typeof page.total === "number" ? page.total : items.length };
}
