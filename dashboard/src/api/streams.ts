// Live updates from the server's Server-Sent Events streams. EventSource
// reconnects by itself; callers learn the connection state to show it.

export type StreamState = "connecting" | "live" | "down";

export interface Subscription {
  close(): void;
}

/**
 * Opens an SSE stream and calls `handlers[eventName]` with each event's parsed JSON.
 * Unparseable events are ignored (a stream must never break a page).
 */
export function subscribe(
  url: string,
  handlers: Record<string, (data: unknown) => void>,
  onState?: (s: StreamState) => void,
): Subscription {
  if (typeof EventSource === "undefined") {
    onState?.("down");
    return { close() {} };
  }
  const source = new EventSource(url);
  onState?.("connecting");
  source.onopen = () => onState?.("live");
  source.onerror = () => onState?.(source.readyState === EventSource.CLOSED ? "down" : "connecting");
  for (const [name, handler] of Object.entries(handlers)) {
    source.addEventListener(name, (ev) => {
      const data = parseEventData((ev as MessageEvent).data);
      if (data !== undefined) handler(data);
    });
  }
  return { close: () => source.close() };
}

export function parseEventData(raw: unknown): unknown {
  if (typeof raw !== "string") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
