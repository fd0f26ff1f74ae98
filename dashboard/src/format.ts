// Pure formatting helpers: times, sizes, units. Unit-tested in format.test.ts.

/** "12 s ago", "5 min ago", "3 h ago", "2 d ago"; "—" when unknown. */
export function timeAgo(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return "—";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "—";
  const s = Math.round((now - t) / 1000);
  if (s < 0) return "just now";
  if (s < 5) return "just now";
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

/** A timestamp as local "YYYY-MM-DD HH:MM:SS". */
export function dateTime(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined || iso === "") return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Bytes in binary units: 512 B, 1.5 KiB, 12 MiB. */
export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = i === 0 || v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${n < 0 ? "-" : ""}${v.toFixed(digits)} ${units[i]}`;
}

/** A value with its unit for chart axes and tooltips ("bytes" and "s" are scaled). */
export function withUnit(v: number | null | undefined, unit: string | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  switch (unit) {
    case "bytes":
    case "B":
      return bytes(v);
    case "s":
      return duration(v);
    case "ms":
      return Math.abs(v) >= 10_000 ? duration(v / 1000) : `${compact(v)} ms`;
    case "%":
    case "percent":
      return `${round(v)} %`;
    case undefined:
    case null:
    case "":
      return compact(v);
    default:
      return `${compact(v)} ${unit}`;
  }
}

/** Seconds as "45 s", "3 min 20 s", "5 h 2 min", "3 d 4 h". */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "—";
  const s = Math.round(seconds);
  if (Math.abs(s) < 60) return `${round(seconds)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** 1234567 → "1.23M", 0.5 → "0.5", 12.345 → "12.3". */
export function compact(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${round(v / 1e9)}G`;
  if (a >= 1e6) return `${round(v / 1e6)}M`;
  if (a >= 1e4) return `${round(v / 1e3)}k`;
  return String(round(v));
}

/** Three significant digits at most, no trailing zeros. */
export function round(v: number): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  const a = Math.abs(v);
  const decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  return Number(v.toFixed(decimals));
}

/** First 12 hex digits of a sha256, the way the CLI shows it. */
export function shortHash(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 12) : "—";
}

/** Percent of part in total, 0 when total is 0; clamped to 0..100. */
export function percent(part: number, total: number): number {
  if (!total || total <= 0) return 0;
  return Math.max(0, Math.min(100, (part / total) * 100));
}

/** "sim-1, sim-2 ,, lab" → ["sim-1","sim-2","lab"]: trimmed, de-duplicated, no empties. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  for (const t of text.split(/[,\s]+/)) {
    const tag = t.trim();
    if (tag) seen.add(tag);
  }
  return [...seen];
}

/** Strategy as the CLI would write it: "all", "canary 1 then rest", "waves 10% → 50% → 100%". */
export function strategyLabel(s: { type: string; count?: number; percent?: number; waves?: number[] } | null | undefined): string {
  if (!s) return "—";
  switch (s.type) {
    case "all":
      return "all at once";
    case "canary":
      return s.percent !== undefined && s.percent !== null ? `canary ${s.percent}% then the rest` : `canary ${s.count ?? 1} then the rest`;
    case "waves":
      // A final 100% is implied by the server when the list stops short of it.
      return `waves ${[...(s.waves ?? []), ...((s.waves ?? []).at(-1) === 100 ? [] : [100])].map((w) => `${w}%`).join(" → ")}`;
    default:
      return s.type;
  }
}

/** "blink 1.2.0", or the short hash when the bundle's name and version are unknown. */
export function bundleLabel(b: { name?: string | null; version?: string | null; sha256?: string | null } | null | undefined): string {
  if (!b) return "—";
  const text = `${b.name ?? ""} ${b.version ?? ""}`.trim();
  return text || shortHash(b.sha256);
}

/**
 * Labels for a chart axis's ticks: each value with its unit, and where two ticks
 * would read the same (a narrow range of a large value: 1.50 MiB, 1.50 MiB) the
 * exact numbers instead, so the axis never repeats itself.
 */
export function axisLabels(values: number[], unit: string | null | undefined): string[] {
  const labels = values.map((v) => withUnit(v, unit));
  if (new Set(labels).size === labels.length) return labels;
  const digits = Math.min(6, Math.max(0, ...values.map((v, i) => (i ? decimalsFor(Math.abs(v - values[i - 1])) : 0))));
  const exact = (v: number) => v.toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: digits });
  if (unit === "bytes" || unit === "B") return values.map((v) => `${exact(v)} B`);
  return values.map((v) => (unit ? `${exact(v)} ${unit}` : exact(v)));
}

function decimalsFor(step: number): number {
  if (!step || !Number.isFinite(step) || step >= 1) return 0;
  return Math.ceil(-Math.log10(step));
}
