import { describe, expect, it } from "vitest";
import { applyDeviceEvent, applyRolloutEvent, buildRollout, type RolloutForm } from "./rollouts";
import type { RolloutDetail } from "./api/types";

const form: RolloutForm = { bundle: "ab", targetKind: "all", targetValue: "", strategy: "canary", canary: "1", waves: "10, 50", threshold: "20" };

describe("rollout form", () => {
  it("builds canary, percent canary and waves", () => {
    expect(buildRollout(form)).toEqual({ bundle: "ab", target: "all", strategy: { kind: "canary", count: 1 }, failure_threshold: 20 });
    expect(buildRollout({ ...form, canary: "10%", targetKind: "tag", targetValue: "lab" })).toMatchObject({ target: "tag:lab", strategy: { kind: "canary", percent: 10 } });
    expect(buildRollout({ ...form, strategy: "waves" })).toMatchObject({ strategy: { kind: "waves", percents: [10, 50, 100] } });
    expect(buildRollout({ ...form, strategy: "all", targetKind: "device", targetValue: " sim-1 " })).toMatchObject({ target: "sim-1", strategy: { kind: "all_at_once" } });
  });
  it("refuses bad input with a message", () => {
    expect(buildRollout({ ...form, bundle: "" })).toBe("Choose a bundle.");
    expect(buildRollout({ ...form, targetKind: "tag" })).toBe("Enter a tag.");
    expect(buildRollout({ ...form, canary: "0" })).toMatch(/Canary size/);
    expect(buildRollout({ ...form, canary: "150%" })).toMatch(/at most 100/);
    expect(buildRollout({ ...form, strategy: "waves", waves: "50, 10" })).toMatch(/larger/);
    expect(buildRollout({ ...form, threshold: "120" })).toMatch(/threshold/);
  });
  it("applies live per-device events to counts and waves", () => {
    const r: RolloutDetail = {
      id: "r1",
      bundle: { sha256: "ab", version: "1" },
      target: "all",
      strategy: { type: "canary", count: 1 },
      state: "running",
      counts: { total: 2, pending: 2, in_progress: 0, succeeded: 0, failed: 0 },
      waves: [
        { index: 0, name: "canary", total: 1, pending: 1, in_progress: 0, succeeded: 0, failed: 0 },
        { index: 1, name: "rest", total: 1, pending: 1, in_progress: 0, succeeded: 0, failed: 0 },
      ],
      devices: [
        { device_id: "a", wave: 0, state: "pending" },
        { device_id: "b", wave: 1, state: "pending" },
      ],
    };
    const next = applyDeviceEvent(r, { device_id: "a", wave: 0, state: "succeeded" });
    expect(next.counts).toEqual({ total: 2, pending: 1, in_progress: 0, succeeded: 1, failed: 0 });
    expect(next.waves[0].succeeded).toBe(1);
    expect(next.waves.map((w) => w.state)).toEqual(["done", "active"]);
    expect(r.counts.succeeded).toBe(0);
    const last = applyDeviceEvent(next, { device_id: "b", wave: 1, state: "updating" });
    expect(last.waves.map((w) => w.state)).toEqual(["done", "active"]);
    expect(last.counts.in_progress).toBe(1);
    // A stale event (older than the row) changes nothing.
    const fresh = applyDeviceEvent(last, { device_id: "b", wave: 1, state: "succeeded", updated_at: "2026-11-25T12:00:10Z" });
    const stale = applyDeviceEvent(fresh, { device_id: "b", wave: 1, state: "updating", updated_at: "2026-11-25T12:00:05Z" });
    expect(stale.devices[1].state).toBe("succeeded");
    // The rollout's own event brings its state; counts stay those of the device rows.
    const ended = applyRolloutEvent(last, { ...last, state: "completed", counts: { total: 2, pending: 0, in_progress: 0, succeeded: 2, failed: 0 } });
    expect(ended.state).toBe("completed");
    expect(ended.counts.in_progress).toBe(1);
    // Without device rows (a summary), the event's counts are taken.
    const bare = applyRolloutEvent({ ...r, devices: [] }, { ...r, counts: { total: 2, pending: 0, in_progress: 1, succeeded: 1, failed: 0 } });
    expect(bare.counts.succeeded).toBe(1);
  });

  it("draws waves from device events when the page was read before the rollout was planned", () => {
    const empty: RolloutDetail = {
      id: "r2",
      bundle: { sha256: "ab", version: "1" },
      target: "all",
      strategy: { type: "canary", count: 1 },
      state: "running",
      counts: { total: 0, pending: 0, in_progress: 0, succeeded: 0, failed: 0 },
      waves: [],
      devices: [],
    };
    const first = applyDeviceEvent(empty, { device_id: "a", wave: 0, state: "updating" });
    expect(first.waves.map((w) => [w.index, w.name, w.total, w.state])).toEqual([[0, "canary", 1, "active"]]);
    const both = applyDeviceEvent(first, { device_id: "b", wave: 1, state: "pending" });
    expect(both.waves.map((w) => [w.name, w.total, w.state])).toEqual([
      ["canary", 1, "active"],
      ["rest", 1, "waiting"],
    ]);
  });
});
