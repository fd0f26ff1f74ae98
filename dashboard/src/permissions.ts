// Which operator-token role may do what: the one place the dashboard decides
// whether to offer a control. It mirrors the server's extractors in
// server/src/http/*.rs (`Operator` = any role reads, `Writer` = `operator` or
// `admin` changes the fleet, `Admin` = manages tokens); the server still
// enforces every rule, so a wrong entry here shows a control that gets 403,
// never lets anything through.

/** The server's roles, least first (`GET /api/v1/me` → `role`). */
export const ROLES = ["read-only", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a control does: the least role the server accepts for it, and the
 * server handlers (`file::function` in server/src/http/) it calls — the tests
 * read those handlers' extractors to keep this table true.
 */
export const ACTIONS = {
  /** `PUT /devices/{id}/tags` */
  "device.tags": { role: "operator", handlers: ["devices::set_tags"] },
  /** `POST /devices/{id}/commands` (start, stop, reboot) */
  "device.command": { role: "operator", handlers: ["devices::command"] },
  /** `POST /devices/{id}/revoke`, `DELETE /devices/{id}` */
  "device.remove": { role: "operator", handlers: ["devices::revoke", "devices::delete"] },
  /** WebSocket `/devices/{id}/repl` */
  "device.repl": { role: "operator", handlers: ["repl::repl"] },
  /** `GET /enroll-token`, `POST /enroll-token/rotate` */
  "enroll-token": { role: "operator", handlers: ["devices::enroll_token", "devices::rotate_enroll_token"] },
  /** `POST /bundles`, `POST /bundles/build` */
  "bundle.upload": { role: "operator", handlers: ["bundles::upload", "bundles::build"] },
  /** `DELETE /bundles/{sha}` */
  "bundle.delete": { role: "operator", handlers: ["bundles::delete"] },
  /** `POST /rollouts` */
  "rollout.create": { role: "operator", handlers: ["rollouts::create"] },
  /** `POST /rollouts/{id}/pause|resume|abort` */
  "rollout.control": { role: "operator", handlers: ["rollouts::pause", "rollouts::resume", "rollouts::abort"] },
  /** `POST /keys`, `POST /keys/rotate` */
  "keys.manage": { role: "operator", handlers: ["bundles::trust", "bundles::rotate_keys"] },
  /** `PUT /settings/retention` */
  "settings.retention": { role: "operator", handlers: ["timeseries::set_retention"] },
  /** `POST /tokens`, `GET /tokens`, `POST /tokens/{id}/revoke` */
  "tokens.manage": { role: "admin", handlers: ["tokens::create", "tokens::list", "tokens::revoke"] },
} as const satisfies Record<string, { role: Role; handlers: readonly string[] }>;
export type Action = keyof typeof ACTIONS;

/**
 * The role `/me` answered. A server from before roles sends none, and every
 * token could change the fleet there: `operator`. A role this dashboard does
 * not know gets the least rights (the server decides anyway).
 */
export function parseRole(raw: unknown): Role {
  if (raw === undefined || raw === null) return "operator";
  return (ROLES as readonly unknown[]).includes(raw) ? (raw as Role) : "read-only";
}

/** Whether `role` may do `action`. */
export function can(role: Role, action: Action): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(ACTIONS[action].role);
}

/** The tooltip of a control `role` may not use, or undefined when it may. */
export function deniedReason(role: Role, action: Action): string | undefined {
  return can(role, action) ? undefined : `Needs the ${ACTIONS[action].role} role (this token is ${role})`;
}
