// Hooks for the API's live streams.

import { useEffect, useRef, useState } from "preact/hooks";
import { subscribe, type StreamState } from "./api/streams";
import { useClient } from "./context";

/**
 * Subscribes to an SSE stream of the API while the component is mounted.
 * Handlers may change on every render; the latest ones are called.
 */
export function useStream(path: string | null, handlers: Record<string, (data: unknown) => void>): StreamState {
  const client = useClient();
  const [state, setState] = useState<StreamState>("connecting");
  const latest = useRef(handlers);
  latest.current = handlers;
  const names = Object.keys(handlers).sort().join(",");
  useEffect(() => {
    if (!path) return;
    const wrapped: Record<string, (d: unknown) => void> = {};
    for (const name of names.split(",")) wrapped[name] = (d) => latest.current[name]?.(d);
    const sub = subscribe(client.streamUrl(path), wrapped, setState);
    return () => sub.close();
  }, [client, path, names]);
  return state;
}

/** Calls `fn` at most once per `ms`, trailing: many events in a burst cause one reload. */
export function useThrottled(fn: () => void, ms: number): () => void {
  const timer = useRef<number | null>(null);
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => () => {
    if (timer.current !== null) clearTimeout(timer.current);
  }, []);
  return () => {
    if (timer.current !== null) return;
    timer.current = window.setTimeout(() => {
      timer.current = null;
      latest.current();
    }, ms);
  };
}
