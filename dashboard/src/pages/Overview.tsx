import { useClient, useRole } from "../context";
import { ApiError } from "../api/client";
import type { FleetSummary, Rollout } from "../api/types";
import { Badge, Card, Empty, GatedLink, Link, LiveDot, Loaded, Progress, useAsync } from "../components/ui";
import { dateTime, shortHash, strategyLabel, timeAgo, bundleLabel } from "../format";
import { useStream, useThrottled } from "../live";
import { normalizeDevice, normalizeRolloutSummary } from "../api/normalize";
import { isActive } from "../rollouts";
import { useRef } from "preact/hooks";

/** The summary endpoint, or the same numbers gathered from the device and rollout lists. */
async function loadSummary(client: ReturnType<typeof useClient>): Promise<FleetSummary> {
  try {
    return await client.summary();
  } catch (e) {
    if (!(e instanceof ApiError && (e.isMissing || e.status === 404))) throw e;
  }
  const all = await client.devices({ limit: 1000, offset: 0 });
  const [online, offline, failing] = await Promise.all([client.deviceCount("online"), client.deviceCount("offline"), client.deviceCount("failing")]);
  const versions = new Map<string, { name?: string | null; version: string; sha256?: string; devices: number }>();
  for (const d of all.items) {
    if (!d.bundle) continue;
    const key = d.bundle.sha256;
    const v = versions.get(key) ?? { name: d.bundle.name, version: d.bundle.version, sha256: d.bundle.sha256, devices: 0 };
    v.devices += 1;
    versions.set(key, v);
  }
  let rollouts: Rollout[] = [];
  try {
    rollouts = await client.rollouts();
  } catch {
    rollouts = [];
  }
  return {
    devices: { total: all.total, online, offline, failing },
    bundle_versions: [...versions.values()].sort((a, b) => b.devices - a.devices),
    recent_failures: all.items
      .filter((d) => d.last_error)
      .map((d) => ({
        device_id: d.id,
        at: d.last_error?.at,
        bundle_version: d.bundle?.version,
        message: d.last_error?.message ?? "",
        traceback: d.last_error?.traceback,
      })),
    active_rollouts: rollouts.filter((r) => r.state === "running" || r.state === "paused"),
  };
}

/** Failures shown with their tracebacks; the rest are a link away. */
const RECENT_FAILURES = 5;

export function Overview() {
  const client = useClient();
  const role = useRole();
  const summary = useAsync(() => loadSummary(client), [client]);
  const refresh = useThrottled(summary.reload, 1000);
  // What each device counted as when last seen in an event: a heartbeat that changes
  // nothing the overview shows costs nothing; a change re-reads the summary (at most
  // once a second, however many devices change at once).
  const seen = useRef(new Map<string, string>());
  const live = useStream(
    "/events",
    {
      device: (raw) => {
        const d = normalizeDevice(raw);
        if (d.id === "?") return;
        const key = `${d.status}|${d.failing ? 1 : 0}|${d.bundle?.sha256 ?? ""}|${d.last_error?.message ?? ""}`;
        if (seen.current.get(d.id) === key) return;
        seen.current.set(d.id, key);
        refresh();
      },
      rollout: (raw) => {
        // Progress moves in place, from the event itself.
        void client.namedRollout(normalizeRolloutSummary(raw)).then((r) =>
          summary.set((s) => {
            if (!s) return s;
            const others = s.active_rollouts.filter((x) => x.id !== r.id);
            const known = others.length !== s.active_rollouts.length;
            const active = isActive(r.state) ? (known ? s.active_rollouts.map((x) => (x.id === r.id ? r : x)) : [r, ...others]) : others;
            return { ...s, active_rollouts: active };
          }),
        );
        // A rollout that ended moved devices to a new bundle: the versions table changes.
        if (!isActive(normalizeRolloutSummary(raw).state)) refresh();
      },
    },
    {
      onResync: () => {
        client.forgetCached();
        summary.reload();
      },
    },
  );

  return (
    <div class="page">
      <div class="page-head">
        <h1>Fleet overview</h1>
        <LiveDot state={live} />
      </div>
      <Loaded value={summary} what="Fleet summary">
        {(s) => (
          <>
            <div class="stats">
              <Stat label="Devices" value={s.devices.total} href="/devices" />
              <Stat label="Online" value={s.devices.online} tone="ok" href="/devices?status=online" />
              <Stat label="Offline" value={s.devices.offline} tone="muted" href="/devices?status=offline" />
              <Stat label="Failing" value={s.devices.failing} tone={s.devices.failing ? "bad" : "muted"} href="/devices?status=failing" />
            </div>
            {s.devices.total === 0 && (
              <Empty title="No devices yet">
                Enroll one with <code>pyrite-agent --server URL --enroll-token T --id NAME --state DIR</code>, or start{" "}
                <code>pyrite-fleet serve --dev</code> for simulated devices.
              </Empty>
            )}
            <div class="grid-2">
              <Card title="Rollouts in progress" actions={<GatedLink role={role} action="rollout.create" href="/rollouts/new" class="btn btn-small">New rollout</GatedLink>}>
                {s.active_rollouts.length === 0 ? (
                  <p class="muted">No rollout is running.</p>
                ) : (
                  <ul class="rollout-list">
                    {s.active_rollouts.map((r) => (
                      <li>
                        <div class="row-between">
                          <Link href={`/rollouts/${encodeURIComponent(r.id)}`}>
                            {bundleLabel(r.bundle)} → {r.target}
                          </Link>
                          <Badge value={r.state} />
                        </div>
                        <div class="muted small">{strategyLabel(r.strategy)}</div>
                        <Progress counts={r.counts} />
                      </li>
                    ))}
                  </ul>
                )}
              </Card>
              <Card title="Bundle versions across the fleet">
                {s.bundle_versions.length === 0 ? (
                  <p class="muted">No device reports a bundle yet.</p>
                ) : (
                  <table class="table">
                    <thead>
                      <tr>
                        <th>Bundle</th>
                        <th>Version</th>
                        <th>Hash</th>
                        <th class="num">Devices</th>
                      </tr>
                    </thead>
                    <tbody>
                      {s.bundle_versions.map((v) => (
                        <tr>
                          <td>{v.name ?? "—"}</td>
                          <td>{v.version}</td>
                          <td class="mono">{v.sha256 ? <Link href={`/bundles/${v.sha256}`}>{shortHash(v.sha256)}</Link> : "—"}</td>
                          <td class="num">
                            <span class="bar-cell">
                              <span class="bar" style={{ width: `${(100 * v.devices) / Math.max(1, s.devices.total)}%` }} />
                              {v.devices.toLocaleString()}
                            </span>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </Card>
            </div>
            <Card title="Recent failures">
              {s.recent_failures.length === 0 ? (
                <p class="muted">No device reported an uncaught exception.</p>
              ) : (
                <ul class="failures">
                  {s.recent_failures.slice(0, RECENT_FAILURES).map((f) => (
                    <li>
                      <div class="row-between">
                        <span>
                          <Link href={`/devices/${encodeURIComponent(f.device_id)}`}>{f.device_id}</Link>{" "}
                          <span class="muted">
                            {f.bundle_version ? `bundle ${f.bundle_version} · ` : ""}
                            <span title={dateTime(f.at)}>{timeAgo(f.at)}</span>
                          </span>
                        </span>
                      </div>
                      <div class="failure-msg">{f.message}</div>
                      {f.traceback && (
                        <details>
                          <summary>Traceback</summary>
                          <pre class="traceback">{f.traceback}</pre>
                        </details>
                      )}
                    </li>
                  ))}
                  {s.recent_failures.length > RECENT_FAILURES && (
                    <li class="more">
                      <Link href="/devices?status=failing">All {s.devices.failing.toLocaleString()} failing devices →</Link>
                    </li>
                  )}
                </ul>
              )}
            </Card>
          </>
        )}
      </Loaded>
    </div>
  );
}

function Stat(props: { label: string; value: number; tone?: string; href: string }) {
  return (
    <Link href={props.href} class={`stat stat-${props.tone ?? "plain"}`}>
      <span class="stat-value" data-testid={`stat-${props.label.toLowerCase()}`}>
        {props.value.toLocaleString()}
      </span>
      <span class="stat-label">{props.label}</span>
    </Link>
  );
}
