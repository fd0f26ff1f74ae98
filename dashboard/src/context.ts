import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Client } from "./api/client";

export const ClientContext = createContext<Client | null>(null);

export function useClient(): Client {
  const c = useContext(ClientContext);
  if (!c) throw new Error("useClient outside of a signed-in page");
  return c;
}
