// A small typed client for the Pyrite HTTP API. Every call goes through
// `request`, which adds the bearer token and turns error bodies into ApiError.

import type {
  Bundle,
  BundleDetail,
  Device,
  DeviceQuery,
  FleetSummary,
  LogLine,
  Me,
  NewRollout,
  Page,
  Rollout,
  RolloutDetail,
  Series,
} from "./types";

export const API_BASE = "/api/v1";

/** An error answered by the server (or the network), with the server's stable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The endpoint does not exist on this server (yet): pages show an empty state. */
  get isMissing(): boolean {
    return this.status === 404 || this.status === 405 || this.status === 501;
  }
}

/** Turns a failed response's body into an ApiError (JSON `{error:{code,message}}` or text). */
export function errorFromBody(status: number, statusText: string, body: string): ApiError {
  let code = `http_${status}`;
  let message = statusText || `HTTP ${status}`;
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed && typeof parsed === "object") {
      const obj = parsed as Record<string, unknown>;
      const err = (typeof obj.error === "object" && obj.error !== null ? obj.error : obj) as Record<string, unknown>;
      if (typeof err.code === "string") code = err.code;
      if (typeof err.message === "string") message = err.message;
      else if (typeof obj.error === "string") message = obj.error;
    }
  } catch {
    const text = body.trim();
    if (text && text.length < 300 && !text.startsWith("<")) message = text;
  }
  return new ApiError(status, code, message);
}

/** Query string from an object, leaving out empty values. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "") continue;
    search.set(k, String(v));
  }
  const s = search.toString();
  return s ? `?${s}` : "";
}

type Fetch = typeof fetch;

export class Client {
  onUnauthorized: () => void = () => {};

  constructor(
    public token: string | null,
    private readonly fetchImpl: Fetch = (...args) => fetch(...args),
  ) {}

  async request<T>(method: string, path: string, body?: unknown, raw?: Blob | ArrayBuffer): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    let payload: BodyInit | undefined;
    if (raw !== undefined) {
      headers["Content-Type"] = "application/octet-stream";
      payload = raw;
    } else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    let res: Response;
    try {
      res = await this.fetchImpl(API_BASE + path, { method, headers, body: payload });
    } catch (e) {
      throw new ApiError(0, "network", `Cannot reach the server: ${(e as Error).message}`);
    }
    if (res.status === 401) {
      this.onUnauthorized();
    }
    if (!res.ok) {
      throw errorFromBody(res.status, res.statusText, await res.text());
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(res.status, "bad_json", "The server answered with something that is not JSON");
    }
  }

  /** Checks a token: `/me`, or a one-device listing on servers without `/me`. */
  async whoAmI(): Promise<Me> {
    try {
      return await this.request<Me>("GET", "/me");
    } catch (e) {
      if (e instanceof ApiError && e.isMissing) {
        await this.request("GET", "/devices?limit=1");
        return { name: "operator" };
      }
      throw e;
    }
  }

  summary() {
    return this.request<FleetSummary>("GET", "/fleet/summary");
  }

  async devices(q: DeviceQuery): Promise<Page<Device>> {
    const page = await this.request<Page<Device> | Device[]>("GET", `/devices${queryString({ ...q })}`);
    return normalizePage(page);
  }

  device(id: string) {
    return this.request<Device>("GET", `/devices/${encodeURIComponent(id)}`);
  }

  setTags(id: string, tags: string[]) {
    return this.request<Device>("PUT", `/devices/${encodeURIComponent(id)}/tags`, { tags });
  }

  command(id: string, command: "reboot" | "stop" | "start") {
    return this.request<unknown>("POST", `/devices/${encodeURIComponent(id)}/commands`, { command });
  }

  async telemetry(id: string, from: Date, to: Date, maxPoints: number): Promise<Series[]> {
    const res = await this.request<{ series: Series[] }>(
      "GET",
      `/devices/${encodeURIComponent(id)}/telemetry${queryString({
        from: from.toISOString(),
        to: to.toISOString(),
        max_points: maxPoints,
      })}`,
    );
    return res?.series ?? [];
  }

  async logs(id: string, limit: number): Promise<LogLine[]> {
    const res = await this.request<Page<LogLine> | LogLine[]>("GET", `/devices/${encodeURIComponent(id)}/logs?limit=${limit}`);
    return normalizePage(res).items;
  }

  async bundles(): Promise<Bundle[]> {
    return normalizePage(await this.request<Page<Bundle> | Bundle[]>("GET", "/bundles")).items;
  }

  bundle(sha: string) {
    return this.request<BundleDetail>("GET", `/bundles/${encodeURIComponent(sha)}`);
  }

  uploadBundle(file: Blob) {
    return this.request<Bundle>("POST", "/bundles", undefined, file);
  }

  deleteBundle(sha: string) {
    return this.request<void>("DELETE", `/bundles/${encodeURIComponent(sha)}`);
  }

  async rollouts(): Promise<Rollout[]> {
    return normalizePage(await this.request<Page<Rollout> | Rollout[]>("GET", "/rollouts")).items;
  }

  rollout(id: string) {
    return this.request<RolloutDetail>("GET", `/rollouts/${encodeURIComponent(id)}`);
  }

  createRollout(body: NewRollout) {
    return this.request<Rollout>("POST", "/rollouts", body);
  }

  rolloutAction(id: string, action: "pause" | "resume" | "abort") {
    return this.request<Rollout>("POST", `/rollouts/${encodeURIComponent(id)}/${action}`);
  }

  /** URL for an SSE or WebSocket stream, with the token in the query (browsers cannot set headers there). */
  streamUrl(path: string, websocket = false): string {
    const sep = path.includes("?") ? "&" : "?";
    const rel = `${API_BASE}${path}${this.token ? `${sep}access_token=${encodeURIComponent(this.token)}` : ""}`;
    if (!websocket) return rel;
    const proto = window.location.protocol === "https:" ? "wss:" : "ws:";
    return `${proto}//${window.location.host}${rel}`;
  }
}

/** Accepts `{items,total}` or a bare array, so a server that returns either works. */
export function normalizePage<T>(page: Page<T> | T[] | null | undefined): Page<T> {
  if (!page) return { items: [], total: 0 };
  if (Array.isArray(page)) return { items: page, total: page.length };
  const items = Array.isArray(page.items) ? page.items : [];
  return { items, total: typeof page.total === "number" ? page.total : items.length };
}
