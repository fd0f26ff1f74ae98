import { useEffect, useLayoutEffect, useState } from "preact/hooks";
import { useClient } from "../context";
import type { DeviceQuery } from "../api/types";
import { Badge, Empty, ErrorBox, Link, LiveDot, Loading, useAsync } from "../components/ui";
import { dateTime, timeAgo, bundleLabel } from "../format";
import { useBatched, useStream, useThrottled } from "../live";
import { mergeDeviceEvent } from "../api/normalize";
import { navigate } from "../router";

const PAGE_SIZE = 50;
type Sort = NonNullable<DeviceQuery["sort"]>;

function initialQuery(): DeviceQuery {
  const p = new URLSearchParams(window.location.search);
  const status = p.get("status");
  const sort = p.get("sort");
  return {
    q: p.get("q") ?? "",
    status: status === "online" || status === "offline" || status === "failing" || status === "revoked" ? status : "",
    tag: p.get("tag") ?? "",
    sort: sort === "status" || sort === "last_seen" || sort === "bundle" ? sort : "id",
    order: p.get("order") === "desc" ? "desc" : "asc",
    limit: PAGE_SIZE,
    offset: Math.max(0, Number(p.get("offset")) || 0),
  };
}

/** Keeps the filters in the address bar, so a reload or a shared link shows the same list. */
function writeQuery(q: DeviceQuery) {
  const p = new URLSearchParams();
  if (q.q) p.set("q", q.q);
  if (q.status) p.set("status", q.status);
  if (q.tag) p.set("tag", q.tag);
  if (q.sort && q.sort !== "id") p.set("sort", q.sort);
  if (q.order === "desc") p.set("order", "desc");
  if (q.offset) p.set("offset", String(q.offset));
  const s = p.toString();
  history.replaceState(null, "", `/devices${s ? `?${s}` : ""}`);
}

export function Devices() {
  const client = useClient();
  const [query, setQuery] = useState<DeviceQuery>(initialQuery);
  const [search, setSearch] = useState(query.q ?? "");
  const [tagText, setTagText] = useState(query.tag ?? "");

  // Typing in the search or tag box asks the server after a short pause, not on every key.
  useEffect(() => {
    const t = window.setTimeout(() => {
      setQuery((q) => (q.q === search && q.tag === tagText ? q : { ...q, q: search, tag: tagText, offset: 0 }));
    }, 250);
    return () => clearTimeout(t);
  }, [search, tagText]);
  // In the same task as the render that shows the new query (a layout effect, not a
  // passive one, which Preact runs a frame later): the address bar never lags the sort
  // arrow or the page the list shows. The 10,000-device e2e flow read the URL in between.
  useLayoutEffect(() => writeQuery(query), [query]);

  const page = useAsync(() => client.devices(query), [client, JSON.stringify(query)]);
  // Rows on this page change in place as their devices report; events are applied in
  // batches (a large fleet sends many a second) and events for other devices cost a lookup.
  // A device that enrolled or was deleted changes which devices this page holds: re-read it.
  const reread = useThrottled(page.reload, 1000);
  const applyDevices = useBatched<Record<string, unknown>>((batch) => {
    const byId = new Map<string, Record<string, unknown>>();
    for (const raw of batch) {
      if (raw.change === "enrolled" || raw.change === "deleted") reread();
      byId.set(String(raw.id), { ...byId.get(String(raw.id)), ...raw });
    }
    page.set((old) => {
      if (!old || !old.items.some((x) => byId.has(x.id))) return old;
      return { ...old, items: old.items.map((x) => (byId.has(x.id) ? mergeDeviceEvent(x, byId.get(x.id) ?? {}) : x)) };
    });
  }, 250);
  const live = useStream(
    "/events",
    {
      device: (d) => {
        const raw = d as Record<string, unknown>;
        if (raw && typeof raw.id === "string") applyDevices(raw);
      },
    },
    {
      onResync: () => {
        client.forgetCached();
        page.reload();
      },
    },
  );

  const sortBy = (sort: Sort) =>
    setQuery((q) => ({ ...q, sort, order: q.sort === sort && q.order === "asc" ? "desc" : "asc", offset: 0 }));
  const header = (label: string, sort: Sort) => (
    <th aria-sort={query.sort === sort ? (query.order === "asc" ? "ascending" : "descending") : "none"}>
      <button class="th-sort" onClick={() => sortBy(sort)}>
        {label}
        <span class="sort-arrow">{query.sort === sort ? (query.order === "asc" ? "▲" : "▼") : ""}</span>
      </button>
    </th>
  );

  const total = page.data?.total ?? 0;
  const first = total === 0 ? 0 : query.offset + 1;
  const last = Math.min(total, query.offset + (page.data?.items.length ?? 0));

  return (
    <div class="page">
      <div class="page-head">
        <h1>Devices</h1>
        <LiveDot state={live} />
      </div>
      <div class="toolbar">
        <input
          type="search"
          class="grow"
          placeholder="Search by device id…"
          aria-label="Search devices"
          value={search}
          onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
        />
        <select
          aria-label="Status"
          value={query.status}
          onChange={(e) => setQuery((q) => ({ ...q, status: (e.target as HTMLSelectElement).value as DeviceQuery["status"], offset: 0 }))}
        >
          <option value="">All statuses</option>
          <option value="online">Online</option>
          <option value="offline">Offline</option>
          <option value="failing">Failing</option>
          <option value="revoked">Revoked</option>
        </select>
        <input
          type="text"
          placeholder="Tag"
          aria-label="Filter by tag"
          class="tag-filter"
          value={tagText}
          onInput={(e) => setTagText((e.target as HTMLInputElement).value)}
        />
      </div>
      {page.error !== undefined && page.data === undefined ? (
        <ErrorBox error={page.error} what="Devices" retry={page.reload} />
      ) : page.data === undefined ? (
        <Loading what="devices" />
      ) : page.data.items.length === 0 ? (
        query.q || query.status || query.tag ? (
          <Empty title="No device matches these filters">
            <button
              class="btn btn-small"
              onClick={() => {
                setSearch("");
                setTagText("");
                setQuery((q) => ({ ...q, q: "", tag: "", status: "", offset: 0 }));
              }}
            >
              Clear filters
            </button>
          </Empty>
        ) : (
          <Empty title="No devices enrolled yet">
            Start a device with <code>pyrite-agent --server URL --enroll-token T --id NAME --state DIR</code>; it appears here
            as soon as it enrolls.
          </Empty>
        )
      ) : (
        <>
          <div class={`table-wrap ${page.loading ? "is-loading" : ""}`}>
            <table class="table table-devices" data-testid="devices-table">
              <thead>
                <tr>
                  {header("Device", "id")}
                  {header("Status", "status")}
                  {header("Bundle", "bundle")}
                  <th>Tags</th>
                  {header("Last seen", "last_seen")}
                </tr>
              </thead>
              <tbody>
                {page.data.items.map((d) => (
                  <tr class="clickable" onClick={() => navigate(`/devices/${encodeURIComponent(d.id)}`)} data-device={d.id}>
                    <td>
                      <Link href={`/devices/${encodeURIComponent(d.id)}`} class="strong">
                        {d.id}
                      </Link>
                      {d.platform && <div class="muted small">{d.platform}</div>}
                    </td>
                    <td>
                      <Badge value={d.status} />
                      {(d.failing || d.app_state === "failed") && <Badge value="failing" />}
                    </td>
                    <td>{d.bundle ? bundleLabel(d.bundle) : <span class="muted">none</span>}</td>
                    <td>
                      {d.tags.map((t) => (
                        <span class="tag">{t}</span>
                      ))}
                    </td>
                    <td title={dateTime(d.last_seen)}>{timeAgo(d.last_seen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="pager">
            <span class="muted" data-testid="devices-count">
              {first.toLocaleString()}–{last.toLocaleString()} of {total.toLocaleString()} devices
            </span>
            <span class="pager-buttons">
              <button class="btn btn-small" disabled={query.offset === 0} onClick={() => setQuery((q) => ({ ...q, offset: Math.max(0, q.offset - PAGE_SIZE) }))}>
                ← Previous
              </button>
              <button class="btn btn-small" disabled={last >= total} onClick={() => setQuery((q) => ({ ...q, offset: q.offset + PAGE_SIZE }))}>
                Next →
              </button>
            </span>
          </div>
        </>
      )}
    </div>
  );
}
