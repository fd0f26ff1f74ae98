import { useState } from "preact/hooks";
import { useClient, useRole } from "../context";
import { can, deniedReason, type Role } from "../permissions";
import { bucket, normalizeRolloutDevice, normalizeRolloutSummary } from "../api/normalize";
import { Badge, Card, Empty, ErrorBox, GatedLink, Link, LiveDot, Loaded, Progress, useAsync } from "../components/ui";
import { dateTime, shortHash, strategyLabel, timeAgo, bundleLabel } from "../format";
import { useBatched, useStream } from "../live";
import type { RolloutDevice } from "../api/types";
import { navigate } from "../router";
import { applyDeviceEvents, applyRolloutEvent, buildRollout, isActive, type RolloutForm } from "../rollouts";

export function Rollouts() {
  const client = useClient();
  const list = useAsync(() => client.rollouts(), [client]);
  const role = useRole();
  // Each rollout's row moves with its events; a new rollout appears at the top.
  const live = useStream(
    "/events",
    {
      rollout: (raw) => {
        void client.namedRollout(normalizeRolloutSummary(raw)).then((r) =>
          list.set((old) => {
            if (!old) return old;
            return old.some((x) => x.id === r.id) ? old.map((x) => (x.id === r.id ? r : x)) : [r, ...old];
          }),
        );
      },
    },
    { onResync: list.reload },
  );
  return (
    <div class="page">
      <div class="page-head">
        <h1>Rollouts</h1>
        <LiveDot state={live} />
        <span class="spacer" />
        <GatedLink role={role} action="rollout.create" href="/rollouts/new" class="btn btn-primary">
          New rollout
        </GatedLink>
      </div>
      <Loaded value={list} what="Rollouts">
        {(rollouts) =>
          rollouts.length === 0 ? (
            <Empty title="No rollouts yet">
              A rollout sends a bundle to a device, a tag or the whole fleet — all at once, canary first, or in waves.{" "}
              {can(role, "rollout.create") && (
                <>
                  <Link href="/rollouts/new">Create one</Link>.
                </>
              )}
            </Empty>
          ) : (
            <div class="table-wrap">
              <table class="table" data-testid="rollouts-table">
                <thead>
                  <tr>
                    <th>Rollout</th>
                    <th>Bundle</th>
                    <th>Target</th>
                    <th>Strategy</th>
                    <th>State</th>
                    <th class="wide">Progress</th>
                    <th>Started</th>
                  </tr>
                </thead>
                <tbody>
                  {rollouts.map((r) => (
                    <tr class="clickable" onClick={() => navigate(`/rollouts/${encodeURIComponent(r.id)}`)}>
                      <td class="strong">
                        <Link href={`/rollouts/${encodeURIComponent(r.id)}`}>{r.id}</Link>
                      </td>
                      <td>
                        {bundleLabel(r.bundle)}
                      </td>
                      <td>{r.target}</td>
                      <td>{strategyLabel(r.strategy)}</td>
                      <td>
                        <Badge value={r.state} />
                      </td>
                      <td>
                        <Progress counts={r.counts} />
                      </td>
                      <td title={dateTime(r.created_at)}>{timeAgo(r.created_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </div>
  );
}

export function NewRolloutPage() {
  const client = useClient();
  const bundles = useAsync(() => client.bundles(), [client]);
  const preset = new URLSearchParams(window.location.search).get("bundle") ?? "";
  const [form, setForm] = useState<RolloutForm>({
    bundle: preset,
    targetKind: "all",
    targetValue: "",
    strategy: "canary",
    canary: "1",
    waves: "10, 50, 100",
    threshold: "20",
  });
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const denied = deniedReason(useRole(), "rollout.create");
  const set = (patch: Partial<RolloutForm>) => setForm((f) => ({ ...f, ...patch }));
  const value = (e: Event) => (e.target as HTMLInputElement).value;

  async function submit(e: Event) {
    e.preventDefault();
    const body = buildRollout(form);
    if (typeof body === "string") {
      setError(new Error(body));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const r = await client.createRollout(body);
      navigate(`/rollouts/${encodeURIComponent(r.id)}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <div class="page page-narrow">
      <div class="crumbs">
        <Link href="/rollouts">Rollouts</Link> / <span>New</span>
      </div>
      <h1>New rollout</h1>
      <Loaded value={bundles} what="Bundles">
        {(list) =>
          list.length === 0 ? (
            <Empty title="Upload a bundle first">
              <Link href="/bundles">Bundles</Link> — or run <code>pyrite-fleet deploy DIR --to all</code>.
            </Empty>
          ) : (
            <form class="form card" onSubmit={submit}>
              <div class="card-body">
                <label for="bundle">Bundle</label>
                <select id="bundle" name="bundle" value={form.bundle} onChange={(e) => set({ bundle: value(e) })}>
                  <option value="">Choose a bundle…</option>
                  {list.map((b) => (
                    <option value={b.sha256}>
                      {b.name ?? "bundle"} {b.version} · {shortHash(b.sha256)}
                    </option>
                  ))}
                </select>

                <fieldset>
                  <legend>Target</legend>
                  <div class="radio-row">
                    {(["all", "tag", "device"] as const).map((k) => (
                      <label class="radio">
                        <input type="radio" name="target" value={k} checked={form.targetKind === k} onChange={() => set({ targetKind: k })} />
                        {k === "all" ? "All devices" : k === "tag" ? "Devices with a tag" : "One device"}
                      </label>
                    ))}
                  </div>
                  {form.targetKind !== "all" && (
                    <input
                      name="target-value"
                      aria-label={form.targetKind === "tag" ? "Tag" : "Device id"}
                      placeholder={form.targetKind === "tag" ? "lab" : "sim-1"}
                      value={form.targetValue}
                      onInput={(e) => set({ targetValue: value(e) })}
                    />
                  )}
                </fieldset>

                <fieldset>
                  <legend>Strategy</legend>
                  <div class="radio-row">
                    {(["all", "canary", "waves"] as const).map((k) => (
                      <label class="radio">
                        <input type="radio" name="strategy" value={k} checked={form.strategy === k} onChange={() => set({ strategy: k })} />
                        {k === "all" ? "All at once" : k === "canary" ? "Canary, then the rest" : "Waves"}
                      </label>
                    ))}
                  </div>
                  {form.strategy === "canary" && (
                    <label class="sub">
                      Canary size (devices, or a percent like 10%)
                      <input name="canary" value={form.canary} onInput={(e) => set({ canary: value(e) })} />
                    </label>
                  )}
                  {form.strategy === "waves" && (
                    <label class="sub">
                      Waves, cumulative percent of the target
                      <input name="waves" value={form.waves} onInput={(e) => set({ waves: value(e) })} />
                    </label>
                  )}
                </fieldset>

                <label for="threshold">Failure threshold (%)</label>
                <input id="threshold" name="threshold" type="number" min="0" max="100" value={form.threshold} onInput={(e) => set({ threshold: value(e) })} />
                <p class="muted small">When more than this share of the devices so far fail, the rollout halts and rolls back.</p>

                {error !== undefined && <ErrorBox error={error} title="Cannot start the rollout" />}
                <button class="btn btn-primary" type="submit" disabled={busy || denied !== undefined} title={denied}>
                  {busy ? "Starting…" : "Start rollout"}
                </button>
              </div>
            </form>
          )
        }
      </Loaded>
    </div>
  );
}

/** Rows of the per-device table drawn at once (a rollout may target 10,000 devices). */
const DEVICE_ROWS = 300;

export function RolloutPage(props: { id: string }) {
  const client = useClient();
  const role = useRole();
  const [stateFilter, setStateFilter] = useState<"" | "failed" | "in_progress" | "pending" | "succeeded">("");
  const rollout = useAsync(() => client.rollout(props.id), [client, props.id]);
  const [actionError, setActionError] = useState<unknown>(undefined);
  // Per-device events come in bursts (a wave starts on many devices at once): one render per batch.
  const applyDevices = useBatched<RolloutDevice>((batch) => rollout.set((old) => (old ? applyDeviceEvents(old, batch) : old)), 100);
  const live = useStream(
    "/events",
    {
      rollout: (raw) => {
        const ev = normalizeRolloutSummary(raw);
        if (ev.id !== props.id) return;
        const wasActive = rollout.data ? isActive(rollout.data.state) : true;
        rollout.set((old) => (old ? applyRolloutEvent(old, ev) : old));
        // It just ended: read the final per-device rows once.
        if (wasActive && !isActive(ev.state)) rollout.reload();
      },
      rollout_device: (d) => {
        const ev = normalizeRolloutDevice(d);
        if (ev.rollout_id === props.id) applyDevices(ev);
      },
    },
    { onResync: rollout.reload },
  );

  async function act(action: "pause" | "resume" | "abort") {
    if (action === "abort" && !window.confirm("Abort this rollout? Devices already updated keep the new bundle.")) return;
    setActionError(undefined);
    try {
      const r = await client.rolloutAction(props.id, action);
      if (r && typeof r.state === "string") rollout.set((old) => (old ? { ...old, ...r, devices: old.devices } : old));
      else rollout.reload();
    } catch (e) {
      setActionError(e);
    }
  }

  return (
    <div class="page">
      <div class="crumbs">
        <Link href="/rollouts">Rollouts</Link> / <span>{props.id}</span>
      </div>
      <Loaded value={rollout} what="Rollout">
        {(r) => (
          <>
            <div class="page-head">
              <h1>
                {bundleLabel(r.bundle)} → {r.target}
              </h1>
              <Badge value={r.state} />
              <LiveDot state={live} />
              <span class="spacer" />
              <RolloutActions state={r.state} role={role} onAct={act} />
            </div>
            {actionError !== undefined && <ErrorBox error={actionError} title="The server refused" />}
            {r.reason && <div class="notice">{r.reason}</div>}
            <div class="muted subtitle">
              {strategyLabel(r.strategy)} · failure threshold {r.failure_threshold ?? "—"}% · started {dateTime(r.created_at)}
            </div>
            <Card title="Overall">
              <Progress counts={r.counts} label="overall" />
            </Card>
            {r.waves.length > 0 && (
              <Card title="Waves">
                <div class="waves">
                  {r.waves.map((w) => (
                    <div class="wave" data-wave={w.index}>
                      <div class="row-between">
                        <strong>{w.name ?? `Wave ${w.index + 1}`}</strong>
                        <span>
                          {w.state && <Badge value={w.state} />} <span class="muted small">
                            {w.total} {w.total === 1 ? "device" : "devices"}
                          </span>
                        </span>
                      </div>
                      <Progress counts={w} label={w.name ?? `wave ${w.index + 1}`} />
                    </div>
                  ))}
                </div>
              </Card>
            )}
            <Card
              title="Devices"
              actions={
                <select aria-label="Device state" value={stateFilter} onChange={(e) => setStateFilter((e.target as HTMLSelectElement).value as typeof stateFilter)}>
                  <option value="">All states</option>
                  <option value="failed">Failed</option>
                  <option value="in_progress">In progress</option>
                  <option value="pending">Pending</option>
                  <option value="succeeded">Succeeded</option>
                </select>
              }
            >
              {r.devices.length === 0 ? (
                <p class="muted">No device is targeted yet. Devices that enroll or gain the tag join while the rollout runs.</p>
              ) : (
                <div class="table-wrap">
                  <table class="table" data-testid="rollout-devices">
                    <thead>
                      <tr>
                        <th>Device</th>
                        <th>Wave</th>
                        <th>State</th>
                        <th>Error</th>
                        <th>Updated</th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.devices
                        .filter((d) => !stateFilter || bucket(d.state) === stateFilter)
                        .slice(0, DEVICE_ROWS)
                        .map((d) => (
                        <tr>
                          <td>
                            <Link href={`/devices/${encodeURIComponent(d.device_id)}`}>{d.device_id}</Link>
                          </td>
                          <td>{r.waves[d.wave]?.name ?? d.wave + 1}</td>
                          <td>
                            <Badge value={d.state} />
                          </td>
                          <td class="error-cell">{d.error ?? ""}</td>
                          <td title={dateTime(d.updated_at)}>{timeAgo(d.updated_at)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {r.devices.filter((d) => !stateFilter || bucket(d.state) === stateFilter).length > DEVICE_ROWS && (
                    <p class="muted small">Showing the first {DEVICE_ROWS}; choose a state to narrow the list.</p>
                  )}
                </div>
              )}
            </Card>
          </>
        )}
      </Loaded>
    </div>
  );
}

/**
 * Pause / resume / abort, as the rollout's state allows; disabled, with the
 * role they need as a tooltip, for a token that may not control rollouts.
 */
export function RolloutActions(props: { state: string; role: Role; onAct: (action: "pause" | "resume" | "abort") => void }) {
  const denied = deniedReason(props.role, "rollout.control");
  const off = denied !== undefined;
  return (
    <>
      {props.state === "running" && (
        <button class="btn" disabled={off} title={denied} onClick={() => props.onAct("pause")}>
          Pause
        </button>
      )}
      {props.state === "paused" && (
        <button class="btn btn-primary" disabled={off} title={denied} onClick={() => props.onAct("resume")}>
          Resume
        </button>
      )}
      {isActive(props.state) && (
        <button class="btn btn-danger" disabled={off} title={denied} onClick={() => props.onAct("abort")}>
          Abort
        </button>
      )}
    </>
  );
}
