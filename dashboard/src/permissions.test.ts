import { describe, expect, it } from "vitest";
import { ACTIONS, ROLES, can, deniedReason, parseRole, type Action } from "./permissions";

// The server's handlers, read as text: each one's first extractor is the least role it needs.
const SERVER_HTTP = import.meta.glob("../../server/src/http/*.rs", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const EXTRACTOR_ROLE: Record<string, string> = { Operator: "read-only", Writer: "operator", Admin: "admin" };

/** `file::function` → the role its extractor demands, for every authenticated handler. */
function serverRules(): Map<string, string> {
  const rules = new Map<string, string>();
  for (const [path, text] of Object.entries(SERVER_HTTP)) {
    const file = path.replace(/^.*\//, "").replace(/\.rs$/, "");
    for (const m of text.matchAll(/pub async fn (\w+)\(\s*(?:\w+\(\w+\)|_|\w+): (Operator|Writer|Admin)\b/g)) {
      rules.set(`${file}::${m[1]}`, EXTRACTOR_ROLE[m[2]]);
    }
  }
  return rules;
}

describe("permissions", () => {
  it("mirrors the least role of every server handler a control calls", () => {
    const rules = serverRules();
    // The reader found the handlers (a changed signature style must not make this pass empty).
    expect(rules.get("devices::list")).toBe("read-only");
    expect(rules.get("tokens::create")).toBe("admin");
    for (const [action, { role, handlers }] of Object.entries(ACTIONS)) {
      for (const h of handlers) expect([action, h, rules.get(h)]).toEqual([action, h, role]);
    }
  });

  it("names an action for every server handler that needs more than reading", () => {
    const covered = new Set(Object.values(ACTIONS).flatMap((a) => a.handlers as readonly string[]));
    const writes = [...serverRules()].filter(([, role]) => role !== "read-only").map(([h]) => h);
    expect(writes.length).toBeGreaterThan(10);
    expect(writes.filter((h) => !covered.has(h))).toEqual([]);
  });

  it("lets read-only read only, operator change the fleet, admin also manage tokens", () => {
    const all = Object.keys(ACTIONS) as Action[];
    expect(all.filter((a) => can("read-only", a))).toEqual([]);
    expect(all.filter((a) => !can("operator", a))).toEqual(["tokens.manage"]);
    expect(all.filter((a) => !can("admin", a))).toEqual([]);
    expect(can("operator", "device.repl")).toBe(true);
    expect(can("read-only", "enroll-token")).toBe(false);
  });

  it("explains a refusal with the role needed, and says nothing when allowed", () => {
    expect(deniedReason("read-only", "rollout.create")).toBe("Needs the operator role (this token is read-only)");
    expect(deniedReason("operator", "tokens.manage")).toBe("Needs the admin role (this token is operator)");
    expect(deniedReason("operator", "rollout.create")).toBeUndefined();
  });

  it("reads /me's role: known roles as they are, none as a pre-roles server's operator, unknown as read-only", () => {
    for (const r of ROLES) expect(parseRole(r)).toBe(r);
    expect(parseRole(undefined)).toBe("operator");
    expect(parseRole(null)).toBe("operator");
    expect(parseRole("superuser")).toBe("read-only");
    expect(parseRole(7)).toBe("read-only");
  });
});
