// Pure helpers for rollouts (unit-tested): building the create request from the
// form, and applying live per-device events to a rollout's detail.

import type { NewRollout, Rollout, RolloutDetail, RolloutDevice, ServerStrategy } from "./api/types";
import { countDevices, normalizeWaves, withWaveStates } from "./api/normalize";

export interface RolloutForm {
  bundle: string;
  targetKind: "all" | "tag" | "device";
  targetValue: string;
  strategy: "all" | "canary" | "waves";
  canary: string;
  waves: string;
  threshold: string;
}

/** Validates the form; returns the request body or a message for the user. */
export function buildRollout(f: RolloutForm): NewRollout | string {
  if (!f.bundle) return "Choose a bundle.";
  let target = "all";
  if (f.targetKind !== "all") {
    const v = f.targetValue.trim();
    if (!v) return f.targetKind === "tag" ? "Enter a tag." : "Enter a device id.";
    // The server's targets: `all`, `tag:T`, or a bare device id.
    target = f.targetKind === "tag" ? `tag:${v}` : v;
  }
  let strategy: ServerStrategy = { kind: "all_at_once" };
  if (f.strategy === "canary") {
    const c = f.canary.trim();
    const m = /^(\d+)(%?)$/.exec(c);
    if (!m || Number(m[1]) <= 0) return "Canary size must be a number of devices (e.g. 1) or a percent (e.g. 10%).";
    const n = Number(m[1]);
    if (m[2] && n > 100) return "A canary percent is at most 100%.";
    strategy = m[2] ? { kind: "canary", percent: n } : { kind: "canary", count: n };
  } else if (f.strategy === "waves") {
    const parts = f.waves.split(/[,\s]+/).filter(Boolean).map((w) => Number(w.replace(/%$/, "")));
    if (!parts.length || parts.some((n) => !Number.isFinite(n) || n <= 0 || n > 100))
      return "Waves are cumulative percents, e.g. 10, 50, 100.";
    for (let i = 1; i < parts.length; i++) if (parts[i] <= parts[i - 1]) return "Each wave must be larger than the one before.";
    if (parts[parts.length - 1] !== 100) parts.push(100);
    strategy = { kind: "waves", percents: parts };
  }
  const threshold = Number(f.threshold);
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 100) return "The failure threshold is a percent between 0 and 100.";
  return { bundle: f.bundle, target, strategy, failure_threshold: threshold };
}

/** Applies one live per-device event; recomputes the counts from the device list. */
export function applyDeviceEvent(r: RolloutDetail, ev: RolloutDevice): RolloutDetail {
  return applyDeviceEvents(r, [ev]);
}

/**
 * Applies a batch of live per-device events in one pass (a rollout over 10,000
 * devices sends many a second); the last event per device wins.
 */
export function applyDeviceEvents(r: RolloutDetail, events: RolloutDevice[]): RolloutDetail {
  if (events.length === 0) return r;
  const byId = new Map<string, RolloutDevice>();
  for (const ev of events) byId.set(ev.device_id, { ...byId.get(ev.device_id), ...ev });
  const devices = r.devices.map((d) => {
    const ev = byId.get(d.device_id);
    if (!ev) return d;
    byId.delete(d.device_id);
    // An event older than what the page shows (a re-read overtook it) changes nothing.
    if (ev.updated_at && d.updated_at && Date.parse(ev.updated_at) < Date.parse(d.updated_at)) return d;
    return { ...d, ...ev };
  });
  devices.push(...byId.values());
  const counts = countDevices(devices);
  // A page read before the server planned the rollout has no devices and no waves: the
  // first events bring both, so waves the page does not know yet are drawn from the devices.
  const known = new Set(r.waves.map((w) => w.index));
  const waves = devices.some((d) => !known.has(d.wave))
    ? normalizeWaves(undefined, devices, r.strategy)
    : withWaveStates(
        r.waves.map((w) => {
          const c = countDevices(devices, w.index);
          return c.total ? { ...w, ...c } : w;
        }),
      );
  return { ...r, devices, counts, waves };
}

/**
 * Applies a live `rollout` event (the rollout without its devices) to the detail:
 * state, reason and times from the event; the per-device rows stay, and the counts
 * come from them when the page has them all (they move with `rollout_device` events).
 */
export function applyRolloutEvent(r: RolloutDetail, ev: Rollout): RolloutDetail {
  const counts = r.devices.length >= ev.counts.total ? r.counts : ev.counts;
  return { ...r, state: ev.state, reason: ev.reason ?? r.reason, updated_at: ev.updated_at ?? r.updated_at, counts };
}

export function isActive(state: string): boolean {
  return state === "running" || state === "paused";
}
