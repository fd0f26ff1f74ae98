// A stand-in Pyrite server answering with the same shapes as `pyrite-fleet serve`'s API
// (server/src/http/*: stored rows with Unix-ms times), including the parts agreed in
// /work/notes/requests-server.md: the fleet's SSE stream /api/v1/events (`device`, `rollout`,
// `rollout_device`, `bundle`, `resync`; no event ids, so the dashboard re-reads after a reconnect), /api/v1/devices/{id}/telemetry/stream (`point`), device list
// paging (`limit`, `offset`, `q`, `status`, `tag`, `sort`, `order` → `{items, total}`) and
// /api/v1/fleet/summary. Its simulated devices' telemetry, logs, REPL and rollouts move on
// their own, and a few devices report (and go on- and offline) every second.
//
// Test controls (not part of the API; no token needed, only on this mock):
//   POST /__mock/device/{id}?online=0|1      a device goes off- or online (a `device` event)
//   POST /__mock/drop-streams?hold=MS        closes every SSE stream and refuses new ones for
//                                            MS ms; `?offline=ID` takes that device offline
//                                            meanwhile (only a re-read after reconnecting shows it)
// For UI development without a fleet (`npm run mock`), screenshots, and the browser
// test of the UI against the contract. It is NOT the server: the browser test also
// runs against the real `pyrite-fleet serve --dev`.
//
//   node e2e/mock-api.mjs [--port 0] [--devices 3] [--dist DIR] [--token T]
// Prints one line `MOCK_READY http://127.0.0.1:PORT TOKEN` when listening.

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { WebSocketServer } from "ws";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const PORT = Number(args.port ?? 0);
const DEVICE_COUNT = Number(args.devices ?? 3);
const DIST = path.resolve(args.dist ?? path.join(here, "..", "dist"));
const TOKEN = args.token ?? "pyr_mock_admin_token";
const STEP_MS = Number(args["step-ms"] ?? 300);

// ---------- state ----------
const now = () => Date.now();
const iso = (t) => new Date(t).toISOString();
const BUNDLES = [
  mkBundle("blink", "1.0.0", "a1"),
  mkBundle("blink", "1.1.0", "b2"),
  mkBundle("sensor-loop", "2.0.0", "c3"),
];
function mkBundle(name, version, seed) {
  const sha = (seed.repeat(32)).slice(0, 64).replace(/[^0-9a-f]/g, "e");
  const sequence = seed.charCodeAt(0) * 10 + Number(seed[1] ?? 0);
  return {
    sha256: sha,
    app: name,
    version,
    sequence,
    size: 1800 + version.length * 100,
    key_id: "server-7f3a",
    manifest: JSON.stringify({
      app: name,
      version,
      sequence,
      entry: "main.py",
      files: [
        { path: "main.py", size: 1200, sha256: sha.split("").reverse().join("") },
        { path: "lib/util.py", size: 400, sha256: sha.replace(/a/g, "f") },
      ],
    }),
    created_at: now() - 3600_000 * (seed.charCodeAt(0) - 96),
  };
}
const pad = (n, w) => String(n).padStart(w, "0");
const width = String(DEVICE_COUNT).length;
const devices = new Map();
for (let i = 1; i <= DEVICE_COUNT; i++) {
  const id = DEVICE_COUNT <= 9 ? `sim-${i}` : `sim-${pad(i, width)}`;
  const failing = i % 7 === 3;
  const b = BUNDLES[i % 5 === 0 ? 0 : 1];
  devices.set(id, {
    id,
    revoked: 0,
    online: i % 11 === 5 ? 0 : 1,
    last_seen: now() - (i % 11 === 5 ? 3600_000 : 2000),
    enrolled_at: now() - 86400_000,
    agent_version: "0.1.0",
    interpreter_version: "0.1.0",
    protocol_version: 1,
    running_bundle: b.sha256,
    running_sequence: b.sequence,
    deploy_state: failing ? "failed" : "running",
    deploy_bundle: b.sha256,
    deploy_error: failing
      ? 'Traceback (most recent call last):\n  File "main.py", line 14, in <module>\n    ratio = total / count\nZeroDivisionError: division by zero'
      : null,
    deploy_updated_at: now() - 600_000,
    info: JSON.stringify({ platform: "linux-sim" }),
    tags: i % 2 ? ["lab"] : ["lab", "floor-2"],
    desired_bundle: b.sha256,
  });
}
const rollouts = [];
const logs = new Map();
const sse = new Set(); // { res, path }

function metricValue(id, metric, t) {
  const k = id.length + id.charCodeAt(id.length - 1);
  const s = t / 1000;
  switch (metric) {
    case "free_ram":
      return Math.round(180_000 + 20_000 * Math.sin(s / 90 + k) + ((s * 37) % 2000));
    case "free_flash":
      return 1_572_864 - 4096 * Math.floor(((s - started / 1000) / 600) % 8);
    case "temperature":
      return 22 + 3 * Math.sin(s / 300 + k) + 0.3 * Math.sin(s / 17);
    case "rssi":
      return Math.round(-62 + 6 * Math.sin(s / 200 + k) + ((s * 13) % 3));
    case "uptime_s":
      return s - started / 1000 + 3600;
    default:
      return s;
  }
}
const started = now() - 20 * 60_000;
/** The agent's heartbeat metrics (names as server/src/services/ingest.rs stores them) and one a script publishes. */
const METRICS = ["free_ram", "uptime_s", "rssi", "free_flash", "temperature"];

// ---------- helpers ----------
function send(res, status, body) {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(text);
}
const error = (res, status, code, message) => send(res, status, { error: { code, message } });
function authorized(req, url) {
  const h = req.headers.authorization ?? "";
  return h === `Bearer ${TOKEN}` || url.searchParams.get("token") === TOKEN;
}
function broadcast(event, data, filter = (p) => p === "/api/v1/events") {
  for (const c of sse) if (filter(c.path)) c.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
async function body(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks);
}
function rolloutView(r, withDevices) {
  const counts = {};
  for (const d of r.devices) counts[d.state] = (counts[d.state] ?? 0) + 1;
  const { devices: list, activeWave: _a, ...row } = r;
  return withDevices ? { ...row, counts, devices: list } : { ...row, counts };
}
function matchesTarget(d, target) {
  if (target === "all") return true;
  if (target.startsWith("tag:")) return d.tags.includes(target.slice(4));
  return d.id === target;
}

// Advances running rollouts one device-step per tick.
setInterval(() => {
  for (const r of rollouts) {
    if (r.state !== "running") continue;
    const waves = Math.max(...r.devices.map((d) => d.wave)) + 1;
    const wave = r.devices.filter((d) => d.wave === r.activeWave);
    const next = wave.find((d) => d.state !== "succeeded" && d.state !== "failed");
    if (!next) {
      if (r.activeWave + 1 < waves) r.activeWave++;
      else r.state = "completed";
    } else {
      next.state = { pending: "updating", updating: "verifying_health", verifying_health: "succeeded" }[next.state] ?? "succeeded";
      next.updated_at = now();
      broadcast("rollout_device", next);
      if (next.state === "succeeded") {
        const dev = devices.get(next.device_id);
        if (dev) {
          dev.running_bundle = r.bundle_sha256;
          dev.desired_bundle = r.bundle_sha256;
          broadcast("device", dev);
        }
      }
    }
    r.updated_at = now();
    broadcast("rollout", rolloutView(r, false));
  }
}, STEP_MS);

// Live telemetry and logs for the streams that are open.
setInterval(() => {
  const t = now();
  for (const c of sse) {
    const m = /^\/api\/v1\/devices\/([^/]+)\/(telemetry|logs)\/stream$/.exec(c.path);
    if (!m) continue;
    const id = decodeURIComponent(m[1]);
    if (m[2] === "telemetry") {
      for (const metric of METRICS) c.res.write(`event: point\ndata: ${JSON.stringify({ metric, t, v: metricValue(id, metric, t) })}\n\n`);
    } else {
      const line = pushLog(id, "stdout", `tick ${Math.floor(t / 1000) % 1000}: temperature ${metricValue(id, "temperature", t).toFixed(2)} °C`, t);
      c.res.write(`data: ${JSON.stringify(line)}\n\n`);
    }
  }
}, 1000);
let logId = 0;
function pushLog(id, level, message, ts = now()) {
  const l = logs.get(id) ?? seedLogs(id);
  const line = { id: ++logId, device_id: id, ts, level, message };
  l.push(line);
  if (l.length > 500) l.shift();
  return line;
}
function seedLogs(id) {
  const l = [];
  logs.set(id, l);
  const t = now();
  pushLog(id, "info", `agent 0.1.0 started, device ${id}`, t - 60_000);
  pushLog(id, "info", "bundle blink 1.1.0 verified (sequence 981), starting main.py", t - 59_000);
  for (let i = 20; i > 0; i--) pushLog(id, "stdout", `tick ${i}: temperature ${metricValue(id, "temperature", t - i * 2500).toFixed(2)} °C`, t - i * 2500);
  if (devices.get(id)?.deploy_state === "failed") pushLog(id, "error", "ZeroDivisionError: division by zero (main.py line 14)", t - 1000);
  return l;
}

const failingRow = (d) => d.deploy_state === "failed" || d.deploy_state === "rolled_back";
/** The agreed paging: q (id substring), status, tag, sort, order, limit, offset → {items, total}. */
function pageDevices(all, params) {
  const q = (params.get("q") ?? "").trim().toLowerCase();
  const status = params.get("status") ?? "";
  const limit = Math.min(500, Math.max(1, Number(params.get("limit")) || 50));
  const offset = Math.max(0, Number(params.get("offset")) || 0);
  const list = all.filter(
    (d) =>
      (!q || d.id.toLowerCase().includes(q)) &&
      (!status || (status === "failing" ? failingRow(d) : status === "online" ? d.online === 1 : status === "offline" ? d.online === 0 : true)),
  );
  const sort = params.get("sort") ?? "id";
  const key = (d) => (sort === "status" ? String(d.online) : sort === "last_seen" ? String(d.last_seen ?? 0).padStart(15, "0") : sort === "bundle" ? (d.running_bundle ?? "") : d.id);
  list.sort((a, b) => key(a).localeCompare(key(b)) || a.id.localeCompare(b.id));
  if (params.get("order") === "desc") list.reverse();
  return { items: list.slice(offset, offset + limit), total: list.length };
}
function summary() {
  const all = [...devices.values()];
  const versions = new Map();
  for (const d of all) {
    const b = BUNDLES.find((x) => x.sha256 === d.running_bundle);
    const v = versions.get(d.running_bundle) ?? { name: b?.app ?? null, version: b?.version ?? "", sha256: d.running_bundle, devices: 0 };
    v.devices++;
    versions.set(d.running_bundle, v);
  }
  return {
    devices: {
      total: all.length,
      online: all.filter((d) => d.online === 1).length,
      offline: all.filter((d) => d.online === 0).length,
      failing: all.filter(failingRow).length,
    },
    bundle_versions: [...versions.values()].sort((a, b) => b.devices - a.devices),
    recent_failures: all
      .filter(failingRow)
      .slice(0, 20)
      .map((d) => {
        const lines = (d.deploy_error ?? "").trim().split("\n");
        return { device_id: d.id, at: d.deploy_updated_at, bundle_version: BUNDLES.find((x) => x.sha256 === d.running_bundle)?.version, message: lines[lines.length - 1], traceback: d.deploy_error };
      }),
    active_rollouts: rollouts.filter((r) => r.state === "running" || r.state === "paused").map((r) => rolloutView(r, false)),
  };
}

// A few devices report every second (a `device` event each, as a heartbeat changes
// last_seen); now and then one goes offline and another comes back.
let ticks = 0;
setInterval(() => {
  ticks++;
  const list = [...devices.values()];
  for (let i = 0; i < Math.min(20, list.length); i++) {
    const d = list[(ticks * 7 + i * 13) % list.length];
    if (d.online !== 1 || heldOffline.has(d.id)) continue;
    d.last_seen = now();
    broadcast("device", d);
  }
}, 1000);
const heldOffline = new Set();
let streamsHeldUntil = 0;

async function control(req, res, url) {
  let g;
  if (req.method === "POST" && (g = /^\/__mock\/device\/([^/]+)$/.exec(url.pathname))) {
    const d = devices.get(decodeURIComponent(g[1]));
    if (!d) return error(res, 404, "not_found", "no such device");
    d.online = url.searchParams.get("online") === "0" ? 0 : 1;
    if (d.online) heldOffline.delete(d.id);
    else heldOffline.add(d.id);
    d.last_seen = now();
    broadcast("device", d);
    return send(res, 200, d);
  }
  if (req.method === "POST" && url.pathname === "/__mock/drop-streams") {
    streamsHeldUntil = now() + Number(url.searchParams.get("hold") ?? 2000);
    for (const c of sse) c.res.destroy();
    sse.clear();
    const id = url.searchParams.get("offline");
    const d = id ? devices.get(id) : null;
    if (d) {
      // Changed while nobody listens: no event reaches the page.
      d.online = 0;
      heldOffline.add(d.id);
    }
    return send(res, 200, { dropped: true, hold_until: streamsHeldUntil });
  }
  return error(res, 404, "not_found", "no such control");
}

// ---------- HTTP ----------
async function api(req, res, url) {
  const p = url.pathname.slice("/api/v1".length);
  const m = (re) => re.exec(p);
  let g;
  if (!authorized(req, url)) return error(res, 401, "unauthorized", "missing or wrong token");

  if (req.method === "GET" && (p === "/events" || /\/(telemetry|logs)\/stream$/.test(p))) {
    if (now() < streamsHeldUntil) return error(res, 503, "unavailable", "streams are held by the test");
    res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", Connection: "keep-alive" });
    res.write(": hello\n\n");
    const client = { res, path: url.pathname };
    sse.add(client);
    req.on("close", () => sse.delete(client));
    return;
  }

  if (req.method === "GET" && p === "/devices") {
    const tag = url.searchParams.get("tag");
    const all = [...devices.values()].filter((d) => !tag || d.tags.includes(tag));
    // Without `limit`, the whole list as a bare array (what the CLI reads).
    if (!url.searchParams.has("limit")) return send(res, 200, all);
    return send(res, 200, pageDevices(all, url.searchParams));
  }
  if (req.method === "GET" && p === "/fleet/summary") return send(res, 200, summary());
  if ((g = m(/^\/devices\/([^/]+)$/)) && req.method === "GET") {
    const d = devices.get(decodeURIComponent(g[1]));
    return d ? send(res, 200, d) : error(res, 404, "not_found", `no device ${g[1]}`);
  }
  if ((g = m(/^\/devices\/([^/]+)\/tags$/)) && req.method === "PUT") {
    const d = devices.get(decodeURIComponent(g[1]));
    if (!d) return error(res, 404, "not_found", "no such device");
    const b = JSON.parse((await body(req)).toString() || "{}");
    if (!Array.isArray(b.tags)) return error(res, 400, "bad_request", "tags must be a list");
    d.tags = b.tags;
    broadcast("device", d);
    return send(res, 200, d);
  }
  if ((g = m(/^\/devices\/([^/]+)\/commands$/)) && req.method === "POST") {
    const b = JSON.parse((await body(req)).toString() || "{}");
    if (!["reboot", "stop", "start"].includes(b.command)) return error(res, 400, "bad_request", "unknown command");
    return send(res, 202, { id: `c-${now()}`, status: "sent" });
  }
  if ((g = m(/^\/devices\/([^/]+)\/telemetry$/)) && req.method === "GET") {
    const id = decodeURIComponent(g[1]);
    const to = Number(url.searchParams.get("to") ?? now());
    const from = Number(url.searchParams.get("from") ?? to - 3600_000);
    if (!Number.isFinite(from) || !Number.isFinite(to)) return error(res, 400, "invalid_request", "from/to are Unix ms");
    if (from >= to) return error(res, 400, "invalid_request", "empty time range");
    const bucket_ms = Math.max(1000, Math.floor((to - from) / 200));
    // The mock's history starts 20 minutes ago, as a freshly started fleet's would.
    const buckets = [];
    for (const metric of METRICS)
      for (let ts = Math.floor(Math.max(from, started) / bucket_ms) * bucket_ms; ts <= to; ts += bucket_ms) {
        const v = metricValue(id, metric, ts);
        buckets.push({ metric, ts, avg: v, min: v, max: v, count: 1 });
      }
    return send(res, 200, { device_id: id, from, to, bucket_ms, buckets });
  }
  if ((g = m(/^\/devices\/([^/]+)\/logs$/)) && req.method === "GET") {
    const id = decodeURIComponent(g[1]);
    // Like the server: the newest lines, newest first.
    return send(res, 200, [...(logs.get(id) ?? seedLogs(id))].reverse().slice(0, Number(url.searchParams.get("limit") ?? 100)));
  }

  if (req.method === "GET" && p === "/bundles") return send(res, 200, [...BUNDLES].reverse());
  if (req.method === "POST" && p === "/bundles") {
    const raw = await body(req);
    if (raw.length < 16) return error(res, 422, "bundle_rejected", "bundle rejected: not a signed bundle (too short)");
    const b = mkBundle("uploaded", `0.${BUNDLES.length}.0`, "d" + BUNDLES.length);
    BUNDLES.push(b);
    broadcast("bundle", { change: "uploaded", ...b });
    return send(res, 201, b);
  }
  if ((g = m(/^\/bundles\/([0-9a-f]+)$/))) {
    const i = BUNDLES.findIndex((b) => b.sha256 === g[1]);
    if (i < 0) return error(res, 404, "not_found", "no such bundle");
    if (req.method === "DELETE") {
      const [gone] = BUNDLES.splice(i, 1);
      broadcast("bundle", { change: "deleted", ...gone });
      return send(res, 204);
    }
    return send(res, 200, BUNDLES[i]);
  }

  if (req.method === "GET" && p === "/rollouts") return send(res, 200, [...rollouts].reverse().map((r) => rolloutView(r, false)));
  if (req.method === "POST" && p === "/rollouts") {
    const b = JSON.parse((await body(req)).toString() || "{}");
    const bundle = BUNDLES.find((x) => x.sha256 === b.bundle);
    if (!bundle) return error(res, 404, "not_found", `bundle ${b.bundle} not found`);
    const targets = [...devices.values()].filter((d) => matchesTarget(d, b.target ?? "all")).sort((a, c) => a.id.localeCompare(c.id, undefined, { numeric: true }));
    if (!targets.length) return error(res, 400, "invalid_request", `no device matches ${b.target}`);
    let waveOf = () => 0;
    const s = b.strategy ?? { kind: "all_at_once" };
    if (s.kind === "canary") {
      const n = s.percent ? Math.max(1, Math.ceil((targets.length * s.percent) / 100)) : Math.max(1, s.count ?? 1);
      waveOf = (i) => (i < n ? 0 : 1);
    } else if (s.kind === "waves") {
      const cuts = [...s.percents, 100].map((w) => Math.ceil((targets.length * w) / 100));
      waveOf = (i) => cuts.findIndex((c) => i < c);
    } else if (s.kind !== "all_at_once") return error(res, 400, "invalid_request", `unknown strategy ${s.kind}`);
    const r = {
      id: `r-${rollouts.length + 1}`,
      bundle_sha256: bundle.sha256,
      target: b.target,
      strategy: JSON.stringify(s),
      state: "running",
      failure_threshold: b.failure_threshold ?? 20,
      grace_secs: 10,
      step_timeout_secs: 120,
      max_attempts: 3,
      reason: null,
      created_at: now(),
      updated_at: now(),
      activeWave: 0,
      devices: targets.map((d, i) => ({ rollout_id: `r-${rollouts.length + 1}`, device_id: d.id, wave: waveOf(i), state: "pending", attempts: 0, step_started_at: null, healthy_since: null, previous_bundle: d.running_bundle, error: null, updated_at: now() })),
    };
    rollouts.push(r);
    broadcast("rollout", rolloutView(r, false));
    return send(res, 201, rolloutView(r, true));
  }
  if ((g = m(/^\/rollouts\/([^/]+)(?:\/(pause|resume|abort))?$/))) {
    const r = rollouts.find((x) => x.id === decodeURIComponent(g[1]));
    if (!r) return error(res, 404, "not_found", "no such rollout");
    if (g[2] && req.method === "POST") {
      const next = { pause: "paused", resume: "running", abort: "aborted" }[g[2]];
      if (r.state === "completed" || r.state === "aborted") return error(res, 409, "conflict", `rollout is ${r.state}`);
      r.state = next;
      broadcast("rollout", rolloutView(r, false));
      return send(res, 200, rolloutView(r, true));
    }
    return send(res, 200, rolloutView(r, true));
  }
  return error(res, 404, "not_found", `no route ${req.method} ${url.pathname}`);
}

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png" };
function staticFile(res, url) {
  let file = path.join(DIST, path.normalize(url.pathname).replace(/^(\.\.[/\\])+/, ""));
  if (!file.startsWith(DIST) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(DIST, "index.html");
  if (!fs.existsSync(file)) return error(res, 500, "no_dist", `build the dashboard first (${DIST})`);
  res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (url.pathname.startsWith("/__mock/")) {
    control(req, res, url).catch((e) => error(res, 400, "bad_request", String(e?.message ?? e)));
  } else if (url.pathname.startsWith("/api/")) {
    api(req, res, url).catch((e) => error(res, 400, "bad_request", String(e?.message ?? e)));
  } else staticFile(res, url);
});

// REPL WebSocket, framed as the server does and answering as the device does (its own
// ">>> " prompts, no echo): evaluates arithmetic print(...) lines; anything else is a NameError.
const wss = new WebSocketServer({ noServer: true });
server.on("upgrade", (req, socket, head) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  const m = /^\/api\/v1\/devices\/([^/]+)\/repl$/.exec(url.pathname);
  if (!m || !authorized(req, url)) {
    socket.write("HTTP/1.1 401 Unauthorized\r\n\r\n");
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.send(JSON.stringify({ type: "opened", banner: `Pyrite 0.1.0 on ${decodeURIComponent(m[1])} (remote REPL)\n>>> ` }));
    ws.on("message", (raw) => {
      let msg;
      try {
        msg = JSON.parse(String(raw));
      } catch {
        return;
      }
      if (msg.type === "interrupt") return ws.send(JSON.stringify({ type: "output", data: "KeyboardInterrupt\n>>> " }));
      if (msg.type !== "input") return;
      const line = String(msg.data ?? "").trim();
      if (!line) return ws.send(JSON.stringify({ type: "output", data: ">>> " }));
      const expr = /^print\((.*)\)$/.exec(line)?.[1] ?? line;
      if (/^[\d\s+\-*/%().]+$/.test(expr)) {
        // Only digits and operators reach Function(): nothing else can be evaluated.
        const value = Function(`"use strict"; return (${expr.replace(/\/\//g, "/")});`)();
        ws.send(JSON.stringify({ type: "output", data: `${value}\n>>> ` }));
      } else {
        ws.send(JSON.stringify({ type: "output", data: `Traceback (most recent call last):\n  File "<stdin>", line 1\nNameError: name '${expr.split(/\W/)[0]}' isn't defined\n>>> ` }));
      }
    });
  });
});

server.listen(PORT, "127.0.0.1", () => {
  const { port } = server.address();
  console.log(`MOCK_READY http://127.0.0.1:${port} ${TOKEN}`);
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(0));
