import { useEffect, useRef, useState } from "preact/hooks";
import { useClient, useRole } from "../context";
import { deniedReason, type Role } from "../permissions";
import type { Device, Series } from "../api/types";
import { mergeDeviceEvent, normalizeLog, normalizePoint } from "../api/normalize";
import { Badge, Card, Empty, ErrorBox, Link, LiveDot, Loaded, useAsync } from "../components/ui";
import { Chart } from "../components/Chart";
import { ReplTerminal } from "../components/Terminal";
import { dateTime, parseTags, shortHash, timeAgo, bundleLabel } from "../format";
import { useStream } from "../live";
import { groupSeries, mergePoint, metricLabel, RANGES, type RangeKey } from "../telemetry";

const COLORS = ["#b7791f", "#2563eb", "#059669", "#db2777", "#7c3aed", "#0891b2"];

export function DevicePage(props: { id: string }) {
  const client = useClient();
  const device = useAsync(() => client.device(props.id), [client, props.id]);
  const [deleted, setDeleted] = useState(false);
  // Status, versions and tags change in place from the fleet's events.
  const live = useStream(
    `/events`,
    {
      device: (d) => {
        const raw = d as Record<string, unknown>;
        if (!raw || raw.id !== props.id) return;
        if (raw.change === "deleted") setDeleted(true);
        device.set((old) => (old ? mergeDeviceEvent(old, raw) : old));
        // A new bundle: look up its name and version.
        if (typeof raw.running_bundle === "string" && raw.running_bundle !== device.data?.bundle?.sha256) {
          const merged = device.data ? mergeDeviceEvent(device.data, raw) : null;
          if (merged) void client.namedDevice(merged).then((named) => device.set((old) => (old && old.bundle?.sha256 === named.bundle?.sha256 ? { ...old, bundle: named.bundle } : old)));
        }
      },
    },
    { onResync: device.reload },
  );

  return (
    <div class="page">
      <div class="crumbs">
        <Link href="/devices">Devices</Link> / <span>{props.id}</span>
      </div>
      <Loaded value={device} what="Device">
        {(d) => (
          <>
            <div class="page-head">
              <h1 class="mono-title">{d.id}</h1>
              <Badge value={d.status} />
              {d.app_state && <Badge value={d.app_state} label={`app ${d.app_state}`} />}
              <span class="spacer" />
              <LiveDot state={live} />
            </div>
            {deleted && (
              <div class="error" role="alert">
                This device was just deleted: its credentials are revoked and it is no longer in the fleet.
              </div>
            )}
            <div class="grid-2">
              <Card title="Status">
                <dl class="facts">
                  <dt>Last seen</dt>
                  <dd title={dateTime(d.last_seen)}>{timeAgo(d.last_seen)}</dd>
                  <dt>Running bundle</dt>
                  <dd>
                    {d.bundle ? (
                      <>
                        {d.bundle.version ? `${bundleLabel(d.bundle)} ` : ""}
                        <Link href={`/bundles/${d.bundle.sha256}`} class="mono small">
                          {shortHash(d.bundle.sha256)}
                        </Link>
                      </>
                    ) : (
                      <span class="muted">none</span>
                    )}
                  </dd>
                  {d.desired_bundle && d.desired_bundle !== d.bundle?.sha256 && (
                    <>
                      <dt>Updating to</dt>
                      <dd>
                        <Link href={`/bundles/${d.desired_bundle}`} class="mono small">
                          {shortHash(d.desired_bundle)}
                        </Link>
                      </dd>
                    </>
                  )}
                  <dt>Agent</dt>
                  <dd>{d.agent_version ?? "—"}</dd>
                  <dt>Interpreter</dt>
                  <dd>{d.interpreter_version ?? "—"}</dd>
                  <dt>Platform</dt>
                  <dd>{d.platform ?? "—"}</dd>
                  <dt>Enrolled</dt>
                  <dd>{dateTime(d.enrolled_at)}</dd>
                </dl>
                {d.last_error && (
                  <div class="last-error">
                    <div class="failure-msg">{d.last_error.message}</div>
                    {d.last_error.traceback && <pre class="traceback">{d.last_error.traceback}</pre>}
                  </div>
                )}
              </Card>
              <div class="stack">
                <TagsCard device={d} onSaved={(nd) => device.set(() => nd)} />
                <CommandsCard id={d.id} />
              </div>
            </div>
            <TelemetryCard id={d.id} />
            <div class="grid-2 grid-wide-left">
              <LogsCard id={d.id} />
              <ReplCard id={d.id} online={d.status === "online"} />
            </div>
          </>
        )}
      </Loaded>
    </div>
  );
}

function TagsCard(props: { device: Device; onSaved: (d: Device) => void }) {
  const client = useClient();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(props.device.tags.join(", "));
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const denied = deniedReason(useRole(), "device.tags");
  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const tags = parseTags(text);
      const saved = await client.setTags(props.device.id, tags);
      props.onSaved(saved ?? { ...props.device, tags });
      setEditing(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card
      title="Tags"
      actions={
        !editing && (
          <button
            class="btn btn-small"
            disabled={denied !== undefined}
            title={denied}
            onClick={() => {
              setText(props.device.tags.join(", "));
              setEditing(true);
            }}
          >
            Edit
          </button>
        )
      }
    >
      {editing ? (
        <form onSubmit={save} class="inline-form">
          <input
            aria-label="Tags"
            class="grow"
            value={text}
            placeholder="lab, floor-2"
            onInput={(e) => setText((e.target as HTMLInputElement).value)}
            autoFocus
          />
          <button class="btn btn-primary btn-small" disabled={busy}>
            Save
          </button>
          <button type="button" class="btn btn-ghost btn-small" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : props.device.tags.length ? (
        <div>
          {props.device.tags.map((t) => (
            <Link href={`/devices?tag=${encodeURIComponent(t)}`} class="tag">
              {t}
            </Link>
          ))}
        </div>
      ) : (
        <p class="muted">No tags. Tags target rollouts (for example “deploy --to tag:lab”).</p>
      )}
      {error !== undefined && <ErrorBox error={error} title="Tags not saved" />}
    </Card>
  );
}

function CommandsCard(props: { id: string }) {
  const client = useClient();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  async function send(command: "reboot" | "stop" | "start") {
    if (command === "reboot" && !window.confirm(`Reboot ${props.id}?`)) return;
    setBusy(command);
    setResult(null);
    try {
      await client.command(props.id, command);
      setResult({ ok: true, text: `“${command}” sent to ${props.id}.` });
    } catch (e) {
      setResult({ ok: false, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(null);
    }
  }
  return (
    <Card title="Commands">
      <CommandButtons role={useRole()} busy={busy !== null} onSend={send} />
      {result && <div class={result.ok ? "notice" : "error"}>{result.text}</div>}
    </Card>
  );
}

/** The device's command buttons: disabled while one is being sent, or for a role that may not send any. */
export function CommandButtons(props: { role: Role; busy: boolean; onSend: (command: "reboot" | "stop" | "start") => void }) {
  const denied = deniedReason(props.role, "device.command");
  const disabled = props.busy || denied !== undefined;
  return (
    <div class="button-row">
      <button class="btn" disabled={disabled} title={denied} onClick={() => props.onSend("start")}>
        Start app
      </button>
      <button class="btn" disabled={disabled} title={denied} onClick={() => props.onSend("stop")}>
        Stop app
      </button>
      <button class="btn btn-danger" disabled={disabled} title={denied} onClick={() => props.onSend("reboot")}>
        Reboot
      </button>
    </div>
  );
}

function initialRange(): RangeKey {
  const r = new URLSearchParams(window.location.search).get("range");
  return r && r in RANGES ? (r as RangeKey) : "1h";
}

function TelemetryCard(props: { id: string }) {
  const client = useClient();
  const [range, setRangeState] = useState<RangeKey>(initialRange);
  const setRange = (r: RangeKey) => {
    setRangeState(r);
    // The chosen range is part of the address (a reload or a shared link keeps it).
    const url = new URL(window.location.href);
    if (r === "1h") url.searchParams.delete("range");
    else url.searchParams.set("range", r);
    history.replaceState(null, "", url.pathname + url.search);
  };
  // The window's end follows the clock while live; recomputed on each load and each live point.
  const [now, setNow] = useState(Date.now());
  const span = RANGES[range].ms;
  const series = useAsync(() => {
    const to = Date.now();
    setNow(to);
    return client.telemetry(props.id, new Date(to - span), new Date(to), 600);
  }, [client, props.id, range]);
  const onPoint = (p: unknown) => {
    const pt = normalizePoint(p);
    if (!pt) return;
    const t = Math.max(Date.now(), pt.t);
    setNow(t);
    series.set((old) => (old ? mergePoint(old, pt, t - span) : old));
  };
  const live = useStream(`/devices/${encodeURIComponent(props.id)}/telemetry/stream`, { point: onPoint }, { onResync: series.reload });

  return (
    <Card
      title="Telemetry"
      class="telemetry"
      actions={
        <>
          <LiveDot state={live} />
          <div class="segmented" role="group" aria-label="Time range">
            {(Object.keys(RANGES) as RangeKey[]).map((k) => (
              <button class={k === range ? "on" : ""} aria-pressed={k === range} onClick={() => setRange(k)}>
                {RANGES[k].label}
              </button>
            ))}
          </div>
        </>
      }
    >
      <Loaded value={series} what="Telemetry">
        {(list: Series[]) =>
          list.length === 0 ? (
            <Empty title={`No telemetry in the last ${RANGES[range].label}`}>
              Heartbeats (free RAM, uptime, signal) and the metrics a script publishes appear here as they arrive
              {live === "live" ? " — this chart is live." : "."}
            </Empty>
          ) : (
            groupSeries(list).map((group) => (
              <section class="chart-group" data-group={group.key}>
                <h3>{group.title}</h3>
                <div class="charts">
                  {group.series.map((s) => (
                    <Chart
                      key={s.metric}
                      title={s.metric}
                      label={metricLabel(s.metric)}
                      unit={s.unit}
                      points={s.points}
                      from={now - span}
                      to={now}
                      color={COLORS[list.indexOf(s) % COLORS.length]}
                    />
                  ))}
                </div>
              </section>
            ))
          )
        }
      </Loaded>
    </Card>
  );
}

const LOG_LIMIT = 500;

function LogsCard(props: { id: string }) {
  const client = useClient();
  const logs = useAsync(() => client.logs(props.id, 200), [client, props.id]);
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLDivElement>(null);
  const onLine = (l: unknown) => {
    const line = normalizeLog(l);
    if (!line) return;
    logs.set((old) => [...(old ?? []), line].slice(-LOG_LIMIT));
  };
  // The server sends unnamed events (`message`); `log` is accepted too.
  const live = useStream(`/devices/${encodeURIComponent(props.id)}/logs/stream`, { log: onLine, message: onLine }, { onResync: logs.reload });
  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [logs.data, follow]);
  return (
    <Card
      title="Logs"
      actions={
        <>
          <LiveDot state={live} />
          <label class="check">
            <input type="checkbox" checked={follow} onChange={(e) => setFollow((e.target as HTMLInputElement).checked)} /> Follow
          </label>
        </>
      }
    >
      <Loaded value={logs} what="Logs">
        {(lines) =>
          lines.length === 0 ? (
            <Empty title="No log lines yet">Output of print() and the agent's messages stream here live.</Empty>
          ) : (
            <div class="logs" ref={box} data-testid="logs">
              {lines.map((l) => (
                <div class={`log log-${l.level}`}>
                  <span class="log-time">{dateTime(l.t).slice(11)}</span>
                  <span class="log-level">{l.level}</span>
                  <span class="log-msg">{l.message}</span>
                </div>
              ))}
            </div>
          )
        }
      </Loaded>
    </Card>
  );
}

function ReplCard(props: { id: string; online: boolean }) {
  const client = useClient();
  const [open, setOpen] = useState(false);
  const denied = deniedReason(useRole(), "device.repl");
  return (
    <Card
      title="REPL"
      actions={
        denied !== undefined ? (
          <button class="btn btn-primary btn-small" disabled title={denied}>
            Open REPL
          </button>
        ) : open ? (
          <button class="btn btn-small" onClick={() => setOpen(false)}>
            Close
          </button>
        ) : (
          <button class="btn btn-primary btn-small" onClick={() => setOpen(true)}>
            Open REPL
          </button>
        )
      }
    >
      {denied !== undefined ? (
        <p class="muted needs-role">The remote REPL runs code on the device: {denied.charAt(0).toLowerCase() + denied.slice(1)}.</p>
      ) : open ? (
        <ReplTerminal url={client.streamUrl(`/devices/${encodeURIComponent(props.id)}/repl`, true)} deviceId={props.id} />
      ) : (
        <p class="muted">
          A Python prompt inside the app running on {props.id}, in the app's globals.{" "}
          {props.online ? "" : "The device is offline: the session opens when it is back."}
        </p>
      )}
    </Card>
  );
}
