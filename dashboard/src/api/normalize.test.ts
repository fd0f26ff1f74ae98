import { describe, expect, it } from "vitest";
import { bucket, guessUnit, mergeDeviceEvent, normalizeBundle, sortLogs, normalizeDevice, normalizeLog, normalizePoint, normalizeRollout, normalizeSeries, normalizeStrategy, toIso, toMs } from "./normalize";

describe("normalize", () => {
  it("reads times in ms, seconds or RFC 3339", () => {
    expect(toIso(1795608000000)).toBe("2026-11-25T12:00:00.000Z");
    expect(toIso(1795608000)).toBe("2026-11-25T12:00:00.000Z");
    expect(toMs("2026-11-25T12:00:00Z")).toBe(1795608000000);
    expect(toIso(null)).toBeNull();
  });
  it("accepts the contract's device and a stored row", () => {
    const contract = normalizeDevice({ id: "sim-1", status: "online", tags: ["lab"], bundle: { sha256: "ab", version: "1.0" }, last_seen: "2026-11-25T12:00:00Z" });
    expect(contract).toMatchObject({ id: "sim-1", status: "online", tags: ["lab"], bundle: { sha256: "ab", version: "1.0" } });
    const row = normalizeDevice({ id: "sim-2", online: 0, last_seen: 1795608000000, running_bundle: "cd", deploy_state: "failed", deploy_error: "Traceback...\nZeroDivisionError: x", info: '{"platform":"linux-sim"}' });
    expect(row).toMatchObject({ id: "sim-2", status: "offline", failing: true, platform: "linux-sim", tags: [], bundle: { sha256: "cd" } });
    expect(row.last_seen).toBe("2026-11-25T12:00:00.000Z");
    expect(row.last_error?.message).toBe("ZeroDivisionError: x");
    expect(normalizeDevice(null).id).toBe("?");
  });
  it("applies a live device event: a whole row replaces, a partial one keeps the rest", () => {
    const old = normalizeDevice({ id: "sim-1", online: 1, tags: ["lab"], running_bundle: "ab", bundle_name: "blink", bundle_version: "1.1", last_seen: 1795608000000 });
    old.bundle = { sha256: "ab", name: "blink", version: "1.1" };
    const partial = mergeDeviceEvent(old, { id: "sim-1", online: 0 });
    expect(partial).toMatchObject({ status: "offline", tags: ["lab"], bundle: { sha256: "ab", name: "blink", version: "1.1" } });
    const full = mergeDeviceEvent(old, { id: "sim-1", online: 1, tags: [], running_bundle: "ab", deploy_state: "failed", deploy_error: "E: x", last_seen: 1795608060000 });
    expect(full).toMatchObject({ status: "online", tags: [], failing: true, bundle: { name: "blink", version: "1.1" } });
    expect(full.last_seen).toBe("2026-11-25T12:01:00.000Z");
    expect(full.last_error?.message).toBe("E: x");
    const moved = mergeDeviceEvent(old, { running_bundle: "cd" });
    expect(moved.bundle?.sha256).toBe("cd");
  });
  it("reads strategies in several encodings", () => {
    expect(normalizeStrategy({ type: "canary", count: 2 })).toEqual({ type: "canary", count: 2 });
    expect(normalizeStrategy('{"Canary":{"percent":10}}')).toEqual({ type: "canary", percent: 10 });
    expect(normalizeStrategy("All")).toEqual({ type: "all" });
    expect(normalizeStrategy({ waves: [10, 50, 100] })).toEqual({ type: "waves", waves: [10, 50, 100] });
  });
  it("computes counts and waves from per-device rows when the server sends none", () => {
    const r = normalizeRollout({
      id: "r1",
      bundle_sha256: "ab",
      target: "all",
      strategy: '{"type":"canary","count":1}',
      state: "running",
      created_at: 1795608000000,
      devices: [
        { device_id: "a", wave: 0, state: "succeeded", updated_at: 1795608000000 },
        { device_id: "b", wave: 1, state: "updating", updated_at: 1795608000000 },
        { device_id: "c", wave: 1, state: "pending", updated_at: 1795608000000 },
      ],
    });
    expect(r.counts).toEqual({ total: 3, pending: 1, in_progress: 1, succeeded: 1, failed: 0 });
    expect(r.waves.map((w) => [w.name, w.total, w.state])).toEqual([
      ["canary", 1, "done"],
      ["rest", 2, "active"],
    ]);
    expect(r.bundle.sha256).toBe("ab");
    expect(bucket("verifying_health")).toBe("in_progress");
    expect(bucket("rolled_back")).toBe("failed");
    expect(bucket("superseded")).toBe("pending");
  });
  it("reads telemetry points as pairs or objects", () => {
    const s = normalizeSeries({ series: [{ metric: "heap", unit: "bytes", points: [{ t: 1795608002000, v: 2 }, [1795608001000, 1], ["bad", 3]] }] });
    expect(s).toEqual([{ metric: "heap", unit: "bytes", points: [[1795608001000, 1], [1795608002000, 2]] }]);
    expect(normalizeSeries({ temp: [[1795608000000, 20]] })[0].metric).toBe("temp");
    expect(normalizePoint({ metric: "heap", ts: "2026-11-25T12:00:00Z", value: 5 })).toEqual({ metric: "heap", unit: "bytes", t: 1795608000000, v: 5 });
    expect(normalizePoint({ metric: "heap" })).toBeNull();
  });
  it("reads the server's telemetry buckets and guesses heartbeat units", () => {
    const s = normalizeSeries({
      device_id: "sim-1",
      buckets: [
        { metric: "free_ram", ts: 1795608060000, avg: 2, min: 1, max: 3, count: 2 },
        { metric: "free_ram", ts: 1795608000000, avg: 1, min: 1, max: 1, count: 1 },
        { metric: "rssi", ts: 1795608000000, avg: -60, min: -60, max: -60, count: 1 },
      ],
    });
    expect(s).toEqual([
      { metric: "free_ram", unit: "bytes", points: [[1795608000000, 1], [1795608060000, 2]] },
      { metric: "rssi", unit: "dBm", points: [[1795608000000, -60]] },
    ]);
    expect(guessUnit("uptime_ms")).toBe("ms");
    expect(guessUnit("reconnects")).toBeNull();
  });
  it("reads the server's rollout view: strategy by kind, counts per state", () => {
    const r = normalizeRollout({
      id: "r2",
      bundle_sha256: "ab",
      target: "tag:lab",
      strategy: '{"kind":"waves","percents":[10,50]}',
      state: "running",
      failure_threshold: 20,
      counts: { succeeded: 2, updating: 1, pending: 3, failed: 1 },
      created_at: 1795608000000,
      updated_at: 1795608000000,
    });
    expect(r.strategy).toEqual({ type: "waves", waves: [10, 50] });
    expect(r.counts).toEqual({ total: 7, pending: 3, in_progress: 1, succeeded: 2, failed: 1 });
    expect(normalizeStrategy({ kind: "all_at_once" })).toEqual({ type: "all" });
    expect(normalizeStrategy({ kind: "canary", count: 2, percent: null })).toEqual({ type: "canary", count: 2 });
  });
  it("orders log lines by the server's row id", () => {
    const lines = sortLogs([
      { id: 5, ts: 1795608000000, level: "info", message: "b" },
      { id: 4, ts: 1795608000000, level: "info", message: "a" },
      { nothing: true },
    ]);
    expect(lines.map((l) => l.message)).toEqual(["a", "b"]);
  });
  it("reads logs and bundles", () => {
    expect(normalizeLog({ ts: 1795608000000, line: "hi", level: "INFO" })).toEqual({ t: "2026-11-25T12:00:00.000Z", level: "info", message: "hi" });
    expect(normalizeLog({})).toBeNull();
    const b = normalizeBundle({ sha256: "ab", size: 10, manifest: '{"name":"blink","version":"1.0","files":[{"path":"main.py","size":3}]}' });
    expect(b).toMatchObject({ name: "blink", version: "1.0", files: 1, files_list: [{ path: "main.py", size: 3 }] });
    const row = normalizeBundle({ sha256: "cd", app: "blink", version: "2.0", sequence: 7, size: 99, key_id: "k1", manifest: "{}", created_at: 1795608000000 });
    expect(row).toMatchObject({ name: "blink", version: "2.0", sequence: 7, signed_by: "k1", created_at: "2026-11-25T12:00:00.000Z" });
  });
});
