import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { backoffDelay, StreamHub, type SourceLike, type StreamState } from "./streams";

class FakeSource implements SourceLike {
  static all: FakeSource[] = [];
  readyState = 0;
  onopen: ((ev: Event) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  closed = false;
  private readonly listeners = new Map<string, ((ev: MessageEvent) => void)[]>();
  constructor(readonly url: string) {
    FakeSource.all.push(this);
  }
  addEventListener(type: string, l: (ev: MessageEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({} as Event);
  }
  fail(): void {
    this.onerror?.({} as Event);
  }
  emit(type: string, data: string, lastEventId = ""): void {
    for (const l of this.listeners.get(type) ?? []) l({ data, lastEventId } as MessageEvent);
  }
}

const last = () => FakeSource.all[FakeSource.all.length - 1];

function hub() {
  return new StreamHub({ open: (u) => new FakeSource(u), baseDelayMs: 1000, maxDelayMs: 8000, lingerMs: 5000, downAfter: 2, random: () => 0.5 });
}

beforeEach(() => {
  FakeSource.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe("StreamHub", () => {
  it("shares one connection between subscribers of the same stream", () => {
    const h = hub();
    const a: unknown[] = [];
    const b: unknown[] = [];
    h.subscribe("/api/v1/events", { handlers: { device: (d) => a.push(d) } });
    h.subscribe("/api/v1/events", { handlers: { device: (d) => b.push(d), rollout: (d) => b.push(d) } });
    expect(FakeSource.all).toHaveLength(1);
    last().open();
    last().emit("device", '{"id":"sim-1"}');
    last().emit("rollout", '{"id":"r-1"}');
    last().emit("device", "not json");
    expect(a).toEqual([{ id: "sim-1" }]);
    expect(b).toEqual([{ id: "sim-1" }, { id: "r-1" }]);
  });

  it("reconnects with exponential backoff and asks subscribers to resync", () => {
    const h = hub();
    const states: StreamState[] = [];
    let resyncs = 0;
    h.subscribe("/s", { handlers: { x: () => {} }, onState: (s) => states.push(s), onResync: () => resyncs++ });
    last().open();
    expect(resyncs).toBe(0); // the first open is not a resync: the page has just loaded
    last().fail();
    expect(last().closed).toBe(true);
    expect(states.at(-1)).toBe("connecting");
    vi.advanceTimersByTime(999);
    expect(FakeSource.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSource.all).toHaveLength(2);
    last().fail(); // second failure in a row: down, next try after 2 s
    expect(states.at(-1)).toBe("down");
    vi.advanceTimersByTime(1999);
    expect(FakeSource.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSource.all).toHaveLength(3);
    last().open();
    expect(states.at(-1)).toBe("live");
    expect(resyncs).toBe(1);
    // After a success the backoff starts over.
    last().fail();
    vi.advanceTimersByTime(1000);
    expect(FakeSource.all).toHaveLength(4);
  });

  it("caps the backoff", () => {
    expect(backoffDelay(0, 1000, 8000, () => 0.5)).toBe(1000);
    expect(backoffDelay(3, 1000, 8000, () => 0.5)).toBe(8000);
    expect(backoffDelay(30, 1000, 8000, () => 0.5)).toBe(8000);
    expect(backoffDelay(30, 1000, 8000, () => 1)).toBe(9600);
    expect(backoffDelay(30, 1000, 8000, () => 0)).toBe(6400);
  });

  it("resyncs when the server says it dropped events", () => {
    const h = hub();
    let resyncs = 0;
    h.subscribe("/s", { handlers: { x: () => {} }, onResync: () => resyncs++ });
    last().open();
    last().emit("lagged", "12");
    expect(resyncs).toBe(1);
    last().emit("resync", '{"reason":"too slow"}');
    expect(resyncs).toBe(2);
  });

  it("resumes a stream with event ids where it stopped, leaving the resync to the server", () => {
    const h = hub();
    let resyncs = 0;
    const got: unknown[] = [];
    h.subscribe("/api/v1/events?token=t", { handlers: { device: (d) => got.push(d) }, onResync: () => resyncs++ });
    last().open();
    last().emit("device", '{"id":"a"}', "e1.41");
    last().emit("device", '{"id":"b"}', "e1.42");
    last().fail();
    vi.advanceTimersByTime(1000);
    expect(last().url).toBe("/api/v1/events?token=t&last_event_id=e1.42");
    last().open();
    expect(resyncs).toBe(0);
    // The server could not resume: it says so.
    last().emit("resync", '{"reason":"events after e1.42 are no longer kept"}');
    expect(resyncs).toBe(1);
    expect(got).toEqual([{ id: "a" }, { id: "b" }]);
  });

  it("keeps a connection without subscribers open for a while, then closes it", () => {
    const h = hub();
    const s1 = h.subscribe("/s", { handlers: { x: () => {} } });
    last().open();
    s1.close();
    vi.advanceTimersByTime(4000);
    // The next page subscribes to the same stream: no new connection.
    const got: unknown[] = [];
    const s2 = h.subscribe("/s", { handlers: { x: (d) => got.push(d) } });
    expect(FakeSource.all).toHaveLength(1);
    last().emit("x", "1");
    expect(got).toEqual([1]);
    s2.close();
    vi.advanceTimersByTime(5000);
    expect(last().closed).toBe(true);
    expect(h.size).toBe(0);
  });

  it("registers event names added by a later subscriber on the open connection", () => {
    const h = hub();
    h.subscribe("/s", { handlers: { a: () => {} } });
    last().open();
    const got: unknown[] = [];
    h.subscribe("/s", { handlers: { b: (d) => got.push(d) } });
    last().emit("b", '"hi"');
    expect(got).toEqual(["hi"]);
  });

  it("stops retrying when nobody listens any more", () => {
    const h = hub();
    const s = h.subscribe("/s", { handlers: { a: () => {} } });
    last().fail();
    s.close();
    vi.advanceTimersByTime(60_000);
    expect(FakeSource.all).toHaveLength(1);
    expect(h.size).toBe(0);
  });

  it("a handler that throws does not stop the others", () => {
    const h = hub();
    const got: unknown[] = [];
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    h.subscribe("/s", {
      handlers: {
        a: () => {
          throw new Error("boom");
        },
      },
    });
    h.subscribe("/s", { handlers: { a: (d) => got.push(d) } });
    last().emit("a", "1");
    expect(got).toEqual([1]);
    warn.mockRestore();
  });
});
