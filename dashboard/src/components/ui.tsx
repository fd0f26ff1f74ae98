// Small shared building blocks: links, badges, states, progress bars, data loading.

import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api/client";
import { linkClick } from "../router";
import { percent } from "../format";
import type { Counts } from "../api/types";
import { deniedReason, type Action, type Role } from "../permissions";

export function Link(props: { href: string; class?: string; children: ComponentChildren; title?: string }) {
  return (
    <a href={props.href} class={props.class} title={props.title} onClick={linkClick}>
      {props.children}
    </a>
  );
}

/**
 * A link styled as a button that starts something `role` may not do: shown
 * disabled, with a tooltip naming the role it needs.
 */
export function GatedLink(props: { role: Role; action: Action; href: string; class?: string; children: ComponentChildren }) {
  const denied = deniedReason(props.role, props.action);
  if (denied === undefined) return <Link href={props.href} class={props.class}>{props.children}</Link>;
  return (
    <span class={`${props.class ?? ""} disabled`} aria-disabled="true" title={denied} data-needs-role={props.action}>
      {props.children}
    </span>
  );
}

const STATUS_CLASS: Record<string, string> = {
  online: "ok",
  running: "ok",
  succeeded: "ok",
  completed: "ok",
  done: "ok",
  offline: "muted",
  stopped: "muted",
  pending: "muted",
  waiting: "muted",
  none: "muted",
  aborted: "muted",
  failed: "bad",
  failing: "bad",
  halted: "bad",
  rolled_back: "warn",
  paused: "warn",
  starting: "info",
  active: "info",
  sent: "info",
  downloading: "info",
  installing: "info",
  updating: "info",
  verifying_health: "info",
  superseded: "muted",
  returned: "muted",
};

export function Badge(props: { value: string | null | undefined; label?: string }) {
  const v = props.value ?? "unknown";
  return <span class={`badge badge-${STATUS_CLASS[v] ?? "info"}`}>{props.label ?? v.replace(/_/g, " ")}</span>;
}

export function Empty(props: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty" role="status">
      <div class="empty-title">{props.title}</div>
      {props.children && <div class="empty-body">{props.children}</div>}
    </div>
  );
}

export function ErrorBox(props: { error: unknown; what?: string; title?: string; retry?: () => void }) {
  const e = props.error;
  const missing = e instanceof ApiError && e.isMissing;
  const message = e instanceof Error ? e.message : String(e);
  if (missing) {
    return (
      <Empty title={`${props.what ?? "This"} is not available on this server`}>
        The server does not offer this part of the API yet ({message}).
      </Empty>
    );
  }
  return (
    <div class="error" role="alert">
      <strong>{props.title ?? (props.what ? `Could not load ${props.what.toLowerCase()}` : "Something went wrong")}:</strong> {message}
      {props.retry && (
        <button class="btn btn-small" onClick={props.retry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function Loading(props: { what?: string }) {
  return (
    <div class="loading" aria-busy="true">
      <span class="spinner" /> Loading{props.what ? ` ${props.what}` : ""}…
    </div>
  );
}

export function Card(props: { title?: ComponentChildren; actions?: ComponentChildren; children: ComponentChildren; class?: string }) {
  return (
    <section class={`card ${props.class ?? ""}`}>
      {(props.title || props.actions) && (
        <header class="card-head">
          <h2>{props.title}</h2>
          {props.actions && <div class="card-actions">{props.actions}</div>}
        </header>
      )}
      <div class="card-body">{props.children}</div>
    </section>
  );
}

/** A stacked bar: succeeded, failed, in progress, pending. */
export function Progress(props: { counts: Counts; label?: string }) {
  const c = props.counts;
  const done = c.succeeded + c.failed;
  return (
    <div class="progress-wrap">
      <div
        class="progress"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={c.total}
        aria-valuenow={done}
        aria-label={props.label ?? "progress"}
        data-succeeded={c.succeeded}
        data-failed={c.failed}
        data-total={c.total}
      >
        <span class="seg seg-ok" style={{ width: `${percent(c.succeeded, c.total)}%` }} />
        <span class="seg seg-bad" style={{ width: `${percent(c.failed, c.total)}%` }} />
        <span class="seg seg-info" style={{ width: `${percent(c.in_progress, c.total)}%` }} />
      </div>
      <div class="progress-legend">
        <span>
          <i class="dot dot-ok" />
          {c.succeeded} succeeded
        </span>
        <span>
          <i class="dot dot-bad" />
          {c.failed} failed
        </span>
        <span>
          <i class="dot dot-info" />
          {c.in_progress} in progress
        </span>
        <span>
          <i class="dot dot-muted" />
          {c.pending} pending
        </span>
      </div>
    </div>
  );
}

export interface Async<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  set: (update: (old: T | undefined) => T | undefined) => void;
}

/** Loads data with `load` when `deps` change; keeps the last data while reloading. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    load().then(
      (d) => {
        if (mine !== seq.current) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (e) => {
        if (mine !== seq.current) return;
        setError(e);
        setLoading(false);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const set = useCallback((update: (old: T | undefined) => T | undefined) => setData((old) => update(old)), []);
  return { data, error, loading, reload, set };
}

/** Renders loading / error / content for an Async value. */
export function Loaded<T>(props: { value: Async<T>; what: string; children: (data: T) => ComponentChildren }) {
  const v = props.value;
  if (v.data !== undefined) return <>{props.children(v.data)}</>;
  if (v.error !== undefined) return <ErrorBox error={v.error} what={props.what} retry={v.reload} />;
  return <Loading what={props.what.toLowerCase()} />;
}

export function LiveDot(props: { state: "connecting" | "live" | "down" }) {
  const label = props.state === "live" ? "Live" : props.state === "connecting" ? "Connecting…" : "Disconnected";
  const title =
    props.state === "live"
      ? "Live: this page updates as the server reports changes"
      : props.state === "connecting"
        ? "Connecting to the server's live updates"
        : "Live updates are disconnected; retrying in the background (the page re-reads when they are back)";
  return (
    <span class={`live live-${props.state}`} title={title} data-live={props.state}>
      <i />
      {label}
    </span>
  );
}
