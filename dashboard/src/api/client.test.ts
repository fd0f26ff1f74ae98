import { describe, expect, it } from "vitest";
import { ApiError, Client, errorFromBody, normalizePage, queryString } from "./client";

function fakeFetch(status: number, body: string, seen: { url?: string; init?: RequestInit }[] = []) {
  return (async (url: string, init?: RequestInit) => {
    seen.push({ url, init });
    return new Response(status === 204 ? null : body, { status, headers: { "Content-Type": "application/json" } });
  }) as unknown as typeof fetch;
}

describe("api client", () => {
  it("reads JSON errors, plain text and HTML", () => {
    const e = errorFromBody(404, "Not Found", '{"error":{"code":"not_found","message":"no device x"}}');
    expect([e.status, e.code, e.message, e.isMissing]).toEqual([404, "not_found", "no device x", false]);
    expect(errorFromBody(404, "Not Found", "").isMissing).toBe(true);
    expect(errorFromBody(404, "Not Found", '{"error":{"code":"not_found","message":"route not found"}}').isMissing).toBe(true);
    expect(errorFromBody(400, "Bad Request", "tags must be a list").message).toBe("tags must be a list");
    expect(errorFromBody(500, "Internal Server Error", "<html>oops</html>").message).toBe("Internal Server Error");
    expect(errorFromBody(409, "", '{"error":"already done"}').message).toBe("already done");
  });
  it("builds query strings without empty values", () => {
    expect(queryString({ q: "", status: "online", limit: 50, tag: undefined })).toBe("?status=online&limit=50");
    expect(queryString({})).toBe("");
  });
  it("sends the bearer token and JSON bodies", async () => {
    const seen: { url?: string; init?: RequestInit }[] = [];
    const c = new Client("tok", fakeFetch(200, '{"id":"sim-1","status":"online","tags":["a"]}', seen));
    const d = await c.setTags("sim 1", ["a"]);
    expect(d?.tags).toEqual(["a"]);
    expect(seen[0].url).toBe("/api/v1/devices/sim%201/tags");
    expect(seen[0].init?.method).toBe("PUT");
    expect((seen[0].init?.headers as Record<string, string>).Authorization).toBe("Bearer tok");
    expect(seen[0].init?.body).toBe('{"tags":["a"]}');
  });
  it("calls onUnauthorized on 401 and throws ApiError", async () => {
    const c = new Client("bad", fakeFetch(401, '{"error":{"code":"unauthorized","message":"wrong token"}}'));
    let called = false;
    c.onUnauthorized = () => (called = true);
    await expect(c.device("x")).rejects.toBeInstanceOf(ApiError);
    expect(called).toBe(true);
  });
  it("falls back to a device listing when /me is missing", async () => {
    let calls = 0;
    const f = (async (url: string) => {
      calls++;
      return url.endsWith("/me") ? new Response("", { status: 404 }) : new Response('{"items":[],"total":0}', { status: 200 });
    }) as unknown as typeof fetch;
    expect(await new Client("t", f).whoAmI()).toEqual({ name: "operator" });
    expect(calls).toBe(2);
  });
  it("pages, filters and sorts a bare device list locally", async () => {
    const rows = Array.from({ length: 120 }, (_, i) => ({ id: `sim-${i + 1}`, online: i % 3 ? 1 : 0, tags: i % 2 ? ["lab"] : [], deploy_state: i === 7 ? "failed" : "running" }));
    const seen: { url?: string }[] = [];
    const c = new Client("t", fakeFetch(200, JSON.stringify(rows), seen));
    const first = await c.devices({ limit: 50, offset: 0 });
    expect(first.total).toBe(120);
    expect(first.items.map((d) => d.id).slice(0, 3)).toEqual(["sim-1", "sim-2", "sim-3"]);
    expect((await c.devices({ limit: 50, offset: 100 })).items).toHaveLength(20);
    expect((await c.devices({ limit: 50, offset: 0, status: "offline" })).total).toBe(40);
    expect((await c.devices({ limit: 50, offset: 0, q: "sim-11" })).items.map((d) => d.id)).toEqual(["sim-11", "sim-110", "sim-111", "sim-112", "sim-113", "sim-114", "sim-115", "sim-116", "sim-117", "sim-118", "sim-119"]);
    expect((await c.devices({ limit: 5, offset: 0, tag: "lab", order: "desc" })).items[0].id).toBe("sim-120");
    expect(await c.deviceCount("failing")).toBe(1);
    expect(seen[0].url).toBe("/api/v1/devices?limit=50&offset=0");
  });
  it("accepts pages and bare arrays", () => {
    expect(normalizePage([1, 2])).toEqual({ items: [1, 2], total: 2 });
    expect(normalizePage({ items: [1], total: 9 })).toEqual({ items: [1], total: 9 });
    expect(normalizePage(null)).toEqual({ items: [], total: 0 });
  });
});
