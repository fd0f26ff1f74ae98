// Hooks for the API's live streams.

import { useEffect, useRef, useState } from "preact/hooks";
import { sharedHub, type StreamState } from "./api/streams";
import { useClient } from "./context";

export interface StreamOptions {
  /** Re-read what the page shows: called after a reconnect and when the server dropped events. */
  onResync?: () => void;
}

/**
 * Subscribes to an SSE stream of the API while the component is mounted, over the
 * page's shared connection for that stream. Handlers may change on every render;
 * the latest ones are called.
 */
export function useStream(path: string | null, handlers: Record<string, (data: unknown) => void>, opts: StreamOptions = {}): StreamState {
  const client = useClient();
  const [state, setState] = useState<StreamState>("connecting");
  const latest = useRef(handlers);
  latest.current = handlers;
  const resync = useRef(opts.onResync);
  resync.current = opts.onResync;
  const names = Object.keys(handlers).sort().join(",");
  useEffect(() => {
    if (!path) return;
    const wrapped: Record<string, (d: unknown) => void> = {};
    for (const name of names.split(",").filter(Boolean)) wrapped[name] = (d) => latest.current[name]?.(d);
    const sub = sharedHub().subscribe(client.streamUrl(path), {
      handlers: wrapped,
      onState: setState,
      onResync: () => resync.current?.(),
    });
    return () => sub.close();
  }, [client, path, names]);
  return state;
}

/** Calls `fn` at most once per `ms`, trailing: many events in a burst cause one reload. */
export function useThrottled(fn: () => void, ms: number): () => void {
  const timer = useRef<number | null>(null);
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  return () => {
    if (timer.current !== null) return;
    timer.current = window.setTimeout(() => {
      timer.current = null;
      latest.current();
    }, ms);
  };
}

/**
 * Collects items (events) and hands them over in one batch at most every `ms`:
 * a fleet of 10,000 devices may send hundreds of events a second, and the page
 * re-renders once per batch, not once per event.
 */
export function useBatched<T>(apply: (batch: T[]) => void, ms: number): (item: T) => void {
  const queue = useRef<T[]>([]);
  const timer = useRef<number | null>(null);
  const latest = useRef(apply);
  latest.current = apply;
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  return (item: T) => {
    queue.current.push(item);
    if (timer.current !== null) return;
    timer.current = window.setTimeout(() => {
      timer.current = null;
      const batch = queue.current;
      queue.current = [];
      latest.current(batch);
    }, ms);
  };
}
