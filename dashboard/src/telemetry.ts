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
