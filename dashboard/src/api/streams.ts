// Live updates from the server's Server-Sent Events streams.
//
// One EventSource per stream URL, shared by every component that subscribes to it
// (a page's header, list and cards all ride the same `/events` connection), kept
// open a few seconds after the last subscriber leaves so that moving to another
// page that uses the same stream does not reconnect. The hub reconnects by itself
// with exponential backoff (EventSource gives up for good on an HTTP error), and
// tells subscribers to re-read ("resync") when events may have been missed: after a
// reconnect to a stream without event ids, and when the server says so (`resync`,
// `lagged`). A stream with event ids (`/events`) is resumed where it stopped
// (`last_event_id=`, as EventSource's own `Last-Event-ID`); the server sends
// `resync` itself when it cannot resume. Whatever happened while disconnected is
// then on screen without any polling loop.

export type StreamState = "connecting" | "live" | "down";

export interface Subscription {
  close(): void;
}

export interface StreamListener {
  /** Called with each named event's parsed JSON data. */
  handlers: Record<string, (data: unknown) => void>;
  onState?: (s: StreamState) => void;
  /** Called when events may have been missed: after a reconnect, or a `lagged` event. */
  onResync?: () => void;
}

/** The part of EventSource the hub uses (a fake one in the unit tests). */
export interface SourceLike {
  readonly readyState: number;
  onopen: ((ev: Event) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void;
  close(): void;
}

export interface HubOptions {
  /** Creates a connection (default: `new EventSource(url)`). */
  open?: (url: string) => SourceLike;
  /** First reconnect delay; doubles on each failure up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long a connection without subscribers stays open. */
  lingerMs?: number;
  /** Consecutive failed attempts after which the state is "down" (not just "connecting"). */
  downAfter?: number;
  /** 0..1, for jitter (tests pass a constant). */
  random?: () => number;
}

/** Delay before reconnect attempt `attempt` (0-based): base·2^attempt, capped, with ±20 % jitter. */
export function backoffDelay(attempt: number, base: number, max: number, random: () => number = Math.random): number {
  const raw = Math.min(max, base * 2 ** Math.min(attempt, 20));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

export function parseEventData(raw: unknown): unknown {
  if (typeof raw !== "string") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

class Channel {
  private source: SourceLike | null = null;
  private readonly listeners = new Set<StreamListener>();
  private readonly registered = new Set<string>();
  private state: StreamState = "connecting";
  private attempts = 0;
  private everOpened = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** The id of the last event seen (streams whose events carry one). */
  private lastId: string | null = null;
  private lingerTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly hub: StreamHub,
    readonly url: string,
  ) {}

  add(l: StreamListener): void {
    if (this.lingerTimer !== null) {
      clearTimeout(this.lingerTimer);
      this.lingerTimer = null;
    }
    this.listeners.add(l);
    if (!this.source && this.retryTimer === null) this.connect();
    else for (const name of Object.keys(l.handlers)) this.register(name);
    l.onState?.(this.state);
  }

  remove(l: StreamListener): void {
    this.listeners.delete(l);
    if (this.listeners.size > 0 || this.lingerTimer !== null) return;
    this.lingerTimer = setTimeout(() => {
      this.lingerTimer = null;
      if (this.listeners.size === 0) this.shutdown();
    }, this.hub.lingerMs);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  private setState(s: StreamState): void {
    if (s === this.state) return;
    this.state = s;
    for (const l of [...this.listeners]) l.onState?.(s);
  }

  private connect(): void {
    this.retryTimer = null;
    if (this.listeners.size === 0) {
      // Nobody is left to tell: do not reconnect a stream that was only lingering.
      this.shutdown();
      return;
    }
    this.registered.clear();
    let source: SourceLike;
    const resumeFrom = this.lastId;
    const url = resumeFrom ? `${this.url}${this.url.includes("?") ? "&" : "?"}last_event_id=${encodeURIComponent(resumeFrom)}` : this.url;
    try {
      source = this.hub.openSource(url);
    } catch {
      this.failed();
      return;
    }
    this.source = source;
    source.onopen = () => {
      if (this.source !== source) return;
      const reconnect = this.everOpened;
      this.everOpened = true;
      this.attempts = 0;
      this.setState("live");
      // Resumed by event id: the server replays what was missed, or sends `resync`.
      if (reconnect && !resumeFrom) this.resync();
    };
    source.onerror = () => {
      if (this.source !== source) return;
      // Take over from EventSource's own retry (which stops for good on an HTTP error
      // and never backs off): close it and try again later ourselves.
      source.close();
      this.source = null;
      this.failed();
    };
    this.register("lagged");
    this.register("resync");
    for (const l of this.listeners) for (const name of Object.keys(l.handlers)) this.register(name);
  }

  private register(name: string): void {
    const source = this.source;
    if (!source || this.registered.has(name)) return;
    this.registered.add(name);
    source.addEventListener(name, (ev) => {
      if (this.source !== source) return;
      if (ev.lastEventId) this.lastId = ev.lastEventId;
      if (name === "lagged" || name === "resync") {
        this.resync();
        return;
      }
      const data = parseEventData(ev.data);
      if (data === undefined) return;
      for (const l of [...this.listeners]) {
        const h = l.handlers[name];
        if (!h) continue;
        try {
          h(data);
        } catch (e) {
          // One bad handler must not stop the others (or the stream).
          console.warn(`live ${name} handler failed`, e);
        }
      }
    });
  }

  private resync(): void {
    for (const l of [...this.listeners]) l.onResync?.();
  }

  private failed(): void {
    this.attempts += 1;
    this.setState(this.attempts >= this.hub.downAfter ? "down" : "connecting");
    if (this.listeners.size === 0) {
      this.shutdown();
      return;
    }
    const delay = backoffDelay(this.attempts - 1, this.hub.baseDelayMs, this.hub.maxDelayMs, this.hub.random);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  /** Reconnects at once (after the network came back, say) instead of waiting out the backoff. */
  retryNow(): void {
    if (this.source || this.retryTimer === null) return;
    clearTimeout(this.retryTimer);
    this.connect();
  }

  shutdown(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.lingerTimer !== null) clearTimeout(this.lingerTimer);
    this.retryTimer = null;
    this.lingerTimer = null;
    this.source?.close();
    this.source = null;
    this.hub.forget(this);
  }
}

/** Shared, reconnecting SSE connections, one per URL. */
export class StreamHub {
  private readonly channels = new Map<string, Channel>();
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly lingerMs: number;
  readonly downAfter: number;
  readonly random: () => number;
  private readonly opener: (url: string) => SourceLike;

  constructor(opts: HubOptions = {}) {
    this.opener = opts.open ?? ((url) => new EventSource(url) as unknown as SourceLike);
    this.baseDelayMs = opts.baseDelayMs ?? 1000;
    this.maxDelayMs = opts.maxDelayMs ?? 30_000;
    this.lingerMs = opts.lingerMs ?? 5000;
    this.downAfter = opts.downAfter ?? 2;
    this.random = opts.random ?? Math.random;
  }

  /** Subscribes to the stream at `url` (opening it if nobody else has). */
  subscribe(url: string, listener: StreamListener): Subscription {
    let ch = this.channels.get(url);
    if (!ch) {
      ch = new Channel(this, url);
      this.channels.set(url, ch);
    }
    const channel = ch;
    channel.add(listener);
    let closed = false;
    return {
      close: () => {
        if (closed) return;
        closed = true;
        channel.remove(listener);
      },
    };
  }

  /** Reconnects every stream that is waiting out a backoff (e.g. when the browser comes back online). */
  retryAll(): void {
    for (const ch of this.channels.values()) ch.retryNow();
  }

  /** Open connections (for tests). */
  get size(): number {
    return this.channels.size;
  }

  openSource(url: string): SourceLike {
    return this.opener(url);
  }

  forget(ch: Channel): void {
    if (this.channels.get(ch.url) === ch) this.channels.delete(ch.url);
  }

  closeAll(): void {
    for (const ch of [...this.channels.values()]) ch.shutdown();
  }
}

let shared: StreamHub | null = null;

/** The page's hub (created on first use; reconnects at once when the browser comes back online). */
export function sharedHub(): StreamHub {
  if (!shared) {
    shared = new StreamHub();
    if (typeof window !== "undefined") {
      const hub = shared;
      window.addEventListener("online", () => hub.retryAll());
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible") hub.retryAll();
      });
    }
  }
  return shared;
}

/** Closes every shared stream (on sign-out: the next token opens new ones). */
export function closeSharedStreams(): void {
  shared?.closeAll();
}
