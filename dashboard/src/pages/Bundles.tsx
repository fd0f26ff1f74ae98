import { useRef, useState } from "preact/hooks";
import { useClient, useRole } from "../context";
import { deniedReason } from "../permissions";
import { Card, Empty, ErrorBox, GatedLink, Link, LiveDot, Loaded, useAsync } from "../components/ui";
import { useStream } from "../live";
import { normalizeBundleSummary } from "../api/normalize";
import { bytes, dateTime, shortHash } from "../format";
import { navigate } from "../router";

export function Bundles() {
  const client = useClient();
  const list = useAsync(() => client.bundles(), [client]);
  // Bundles uploaded (or built, or deleted) by anyone appear and go as it happens.
  const live = useStream(
    "/events",
    {
      bundle: (raw) => {
        const ev = raw as { change?: unknown };
        const b = normalizeBundleSummary(raw);
        if (!b.sha256) return;
        list.set((old) => {
          if (!old) return old;
          const rest = old.filter((x) => x.sha256 !== b.sha256);
          return ev.change === "deleted" ? rest : [b, ...rest];
        });
      },
    },
    { onResync: list.reload },
  );
  const file = useRef<HTMLInputElement>(null);
  const [upload, setUpload] = useState<{ busy: boolean; error?: unknown; done?: string }>({ busy: false });
  const denied = deniedReason(useRole(), "bundle.upload");

  async function onFile() {
    const f = file.current?.files?.[0];
    if (!f) return;
    setUpload({ busy: true });
    try {
      const b = await client.uploadBundle(f);
      setUpload({ busy: false, done: `Uploaded ${b?.name ?? f.name} ${b?.version ?? ""}`.trim() });
      list.reload();
    } catch (e) {
      setUpload({ busy: false, error: e });
    } finally {
      if (file.current) file.current.value = "";
    }
  }

  return (
    <div class="page">
      <div class="page-head">
        <h1>Bundles</h1>
        <LiveDot state={live} />
        <span class="spacer" />
        <label class={`btn btn-primary ${upload.busy || denied ? "disabled" : ""}`} title={denied} aria-disabled={denied !== undefined}>
          {upload.busy ? "Uploading…" : "Upload signed bundle"}
          <input ref={file} type="file" accept=".bundle,application/octet-stream" class="visually-hidden" onChange={onFile} disabled={upload.busy || denied !== undefined} />
        </label>
      </div>
      {upload.error !== undefined && <ErrorBox error={upload.error} title="Upload failed" />}
      {upload.done && <div class="notice">{upload.done}</div>}
      <Loaded value={list} what="Bundles">
        {(bundles) =>
          bundles.length === 0 ? (
            <Empty title="No bundles yet">
              Build and sign one with <code>pyrite-fleet bundle build DIR --key NAME.key --version V -o app.bundle</code> and upload
              it here, or run <code>pyrite-fleet deploy DIR --to all</code>.
            </Empty>
          ) : (
            <div class="table-wrap">
              <table class="table" data-testid="bundles-table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Version</th>
                    <th>Hash</th>
                    <th class="num">Size</th>
                    <th class="num">Files</th>
                    <th>Signed by</th>
                    <th>Uploaded</th>
                  </tr>
                </thead>
                <tbody>
                  {bundles.map((b) => (
                    <tr class="clickable" onClick={() => navigate(`/bundles/${b.sha256}`)}>
                      <td class="strong">
                        <Link href={`/bundles/${b.sha256}`}>{b.name ?? "bundle"}</Link>
                      </td>
                      <td>{b.version}</td>
                      <td class="mono">{shortHash(b.sha256)}</td>
                      <td class="num">{bytes(b.size)}</td>
                      <td class="num">{b.files ?? "—"}</td>
                      <td>{b.signed_by ?? "—"}</td>
                      <td>{dateTime(b.created_at)}</td>
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

export function BundlePage(props: { sha: string }) {
  const client = useClient();
  const bundle = useAsync(() => client.bundle(props.sha), [client, props.sha]);
  const [err, setErr] = useState<unknown>(undefined);
  const role = useRole();
  const deleteDenied = deniedReason(role, "bundle.delete");
  async function remove() {
    if (!window.confirm("Delete this bundle from the server? Devices running it keep it.")) return;
    try {
      await client.deleteBundle(props.sha);
      navigate("/bundles");
    } catch (e) {
      setErr(e);
    }
  }
  return (
    <div class="page">
      <div class="crumbs">
        <Link href="/bundles">Bundles</Link> / <span class="mono">{shortHash(props.sha)}</span>
      </div>
      <Loaded value={bundle} what="Bundle">
        {(b) => (
          <>
            <div class="page-head">
              <h1>
                {b.name ?? "bundle"} <span class="muted">{b.version}</span>
              </h1>
              <span class="spacer" />
              <GatedLink role={role} action="rollout.create" href={`/rollouts/new?bundle=${b.sha256}`} class="btn btn-primary">
                Roll out…
              </GatedLink>
              <button class="btn btn-danger" onClick={remove} disabled={deleteDenied !== undefined} title={deleteDenied}>
                Delete
              </button>
            </div>
            {err !== undefined && <ErrorBox error={err} title="Could not delete the bundle" />}
            <div class="grid-2">
              <Card title="Bundle">
                <dl class="facts">
                  <dt>sha256</dt>
                  <dd class="mono small break">{b.sha256}</dd>
                  <dt>Size</dt>
                  <dd>{bytes(b.size)}</dd>
                  <dt>Signed by</dt>
                  <dd>{b.signed_by ?? "—"}</dd>
                  <dt>Uploaded</dt>
                  <dd>{dateTime(b.created_at)}</dd>
                </dl>
              </Card>
              <Card title="Files">
                {b.files_list && b.files_list.length ? (
                  <table class="table">
                    <thead>
                      <tr>
                        <th>Path</th>
                        <th class="num">Size</th>
                        <th>sha256</th>
                      </tr>
                    </thead>
                    <tbody>
                      {b.files_list.map((f) => (
                        <tr>
                          <td class="mono">{f.path}</td>
                          <td class="num">{bytes(f.size)}</td>
                          <td class="mono">{shortHash(f.sha256)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : (
                  <p class="muted">The server did not list the files.</p>
                )}
              </Card>
            </div>
            <Card title="Manifest">
              <pre class="code" data-testid="manifest">
                {JSON.stringify(b.manifest ?? {}, null, 2)}
              </pre>
            </Card>
          </>
        )}
      </Loaded>
    </div>
  );
}
