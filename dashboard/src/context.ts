import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Client } from "./api/client";
import type { Role } from "./permissions";

export const ClientContext = createContext<Client | null>(null);

export function useClient(): Client {
  const c = useContext(ClientContext);
  if (!c) throw new Error("useClient outside of a signed-in page");
  return c;
}

/** The signed-in token's role; `read-only` until `/me` has answered, so no control is offered too early. */
export const RoleContext = createContext<Role>("read-only");

export function useRole(): Role {
  return useContext(RoleContext);
}
