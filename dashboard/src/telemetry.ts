// Pure helpers for the telemetry charts (unit-tested).

import type { Series, TelemetryPoint } from "./api/types";

export const RANGES = {
  "15m": { label: "15 min", ms: 15 * 60_000 },
  "1h": { label: "1 h", ms: 3_600_000 },
  "6h": { label: "6 h", ms: 6 * 3_600_000 },
  "24h": { label: "24 h", ms: 24 * 3_600_000 },
  "7d": { label: "7 d", ms: 7 * 24 * 3_600_000 },
} as const;

export type RangeKey = keyof typeof RANGES;

/**
 * Adds a live point to its series (creating the series if new), keeps points sorted
 * by time, and drops those older than `since`. Returns new arrays (for re-rendering).
 */
export function mergePoint(series: Series[], p: TelemetryPoint, since: number): Series[] {
  let found = false;
  const next = series.map((s) => {
    if (s.metric !== p.metric) return s;
    found = true;
    const points = s.points.filter(([t]) => t >= since);
    const last = points[points.length - 1];
    if (!last || last[0] <= p.t) points.push([p.t, p.v]);
    else {
      const i = points.findIndex(([t]) => t > p.t);
      points.splice(i, 0, [p.t, p.v]);
    }
    return { ...s, unit: s.unit ?? p.unit, points };
  });
  if (!found && p.t >= since) next.push({ metric: p.metric, unit: p.unit, points: [[p.t, p.v]] });
  return next;
}

/** What the agent reports in every heartbeat (server/src/services/ingest.rs), in display order. */
export const HEARTBEAT_METRICS = ["free_ram", "uptime_s", "rssi", "free_flash", "reconnects", "app_running"] as const;

const LABELS: Record<string, string> = {
  free_ram: "Free heap",
  free_heap: "Free heap",
  uptime_s: "Uptime",
  uptime_ms: "Uptime",
  rssi: "Signal strength (RSSI)",
  free_flash: "Free flash",
  reconnects: "Reconnects",
  app_running: "App running (1 = yes)",
};

/** A readable name for a metric: the heartbeat's own, or the script's name as it is. */
export function metricLabel(metric: string): string {
  return LABELS[metric] ?? metric;
}

export interface SeriesGroup {
  key: "heartbeat" | "script";
  title: string;
  series: Series[];
}

/** Heartbeat metrics first (in a fixed order), then the metrics the device's script publishes (by name). */
export function groupSeries(list: Series[]): SeriesGroup[] {
  const order = (m: string) => {
    const i = (HEARTBEAT_METRICS as readonly string[]).indexOf(m === "free_heap" ? "free_ram" : m === "uptime_ms" ? "uptime_s" : m);
    return i;
  };
  const heartbeat = list.filter((s) => order(s.metric) >= 0).sort((a, b) => order(a.metric) - order(b.metric));
  const script = list.filter((s) => order(s.metric) < 0).sort((a, b) => a.metric.localeCompare(b.metric));
  const groups: SeriesGroup[] = [];
  if (heartbeat.length) groups.push({ key: "heartbeat", title: "Heartbeat", series: heartbeat });
  if (script.length) groups.push({ key: "script", title: "Script metrics", series: script });
  return groups;
}
