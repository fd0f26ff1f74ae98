import { describe, expect, it } from "vitest";
import { axisLabels, bundleLabel, bytes, compact, duration, parseTags, percent, round, shortHash, strategyLabel, timeAgo, withUnit } from "./format";

describe("format", () => {
  it("labels axis ticks with units and never repeats a label", () => {
    expect(axisLabels([160 * 1024, 180 * 1024], "bytes")).toEqual(["160 KiB", "180 KiB"]);
    expect(axisLabels([1_572_000, 1_573_000, 1_574_000], "bytes")).toEqual(["1,572,000 B", "1,573,000 B", "1,574,000 B"]);
    expect(axisLabels([-60, -55], "dBm")).toEqual(["-60 dBm", "-55 dBm"]);
    expect(axisLabels([20.001, 20.002], "°C")).toEqual(["20.001 °C", "20.002 °C"]);
  });
  const now = Date.parse("2026-11-25T12:00:00Z");
  it("says how long ago", () => {
    expect(timeAgo("2026-11-25T11:59:58Z", now)).toBe("just now");
    expect(timeAgo("2026-11-25T11:59:30Z", now)).toBe("30 s ago");
    expect(timeAgo("2026-11-25T11:55:00Z", now)).toBe("5 min ago");
    expect(timeAgo("2026-11-25T09:00:00Z", now)).toBe("3 h ago");
    expect(timeAgo("2026-11-20T12:00:00Z", now)).toBe("5 d ago");
    expect(timeAgo(null, now)).toBe("—");
    expect(timeAgo("not a date", now)).toBe("—");
  });
  it("formats sizes in binary units", () => {
    expect(bytes(512)).toBe("512 B");
    expect(bytes(1536)).toBe("1.50 KiB");
    expect(bytes(12 * 1024 * 1024)).toBe("12.0 MiB");
    expect(bytes(undefined)).toBe("—");
  });
  it("puts units on values", () => {
    expect(withUnit(2048, "bytes")).toBe("2.00 KiB");
    expect(withUnit(22.456, "°C")).toBe("22.5 °C");
    expect(withUnit(90, "s")).toBe("1 min 30 s");
    expect(withUnit(12345678, null)).toBe("12.3M");
    expect(withUnit(NaN, "ms")).toBe("—");
  });
  it("rounds to three significant digits", () => {
    expect(round(123.456)).toBe(123);
    expect(round(1.23456)).toBe(1.23);
    expect(round(0.012345)).toBe(0.012);
    expect(compact(15000)).toBe("15k");
    expect(duration(3 * 86400 + 4 * 3600)).toBe("3 d 4 h");
  });
  it("parses tags", () => {
    expect(parseTags(" lab, floor-2 ,,lab  extra")).toEqual(["lab", "floor-2", "extra"]);
    expect(parseTags("   ")).toEqual([]);
  });
  it("labels strategies like the CLI", () => {
    expect(strategyLabel({ type: "all" })).toBe("all at once");
    expect(strategyLabel({ type: "canary", count: 2 })).toBe("canary 2 then the rest");
    expect(strategyLabel({ type: "canary", percent: 10 })).toBe("canary 10% then the rest");
    expect(strategyLabel({ type: "waves", waves: [10, 50, 100] })).toBe("waves 10% → 50% → 100%");
    expect(strategyLabel({ type: "waves", waves: [10, 50] })).toBe("waves 10% → 50% → 100%");
  });
  it("labels bundles by name and version, else by hash", () => {
    expect(bundleLabel({ name: "blink", version: "1.2.0", sha256: "ab" })).toBe("blink 1.2.0");
    expect(bundleLabel({ version: "", sha256: "0123456789abcdef" })).toBe("0123456789ab");
    expect(bundleLabel(null)).toBe("—");
  });
  it("clamps percents and shortens hashes", () => {
    expect(percent(3, 0)).toBe(0);
    expect(percent(5, 4)).toBe(100);
    expect(percent(1, 4)).toBe(25);
    expect(shortHash("0123456789abcdef0123")).toBe("0123456789ab");
  });
});
