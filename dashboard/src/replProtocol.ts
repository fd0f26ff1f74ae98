// Frames of the REPL WebSocket (server → dashboard), see README "API used".

export interface ReplFrame {
  kind: "opened" | "output" | "error" | "closed";
  text: string;
}

/** JSON frames `{type, data|message|reason}`; any other text is raw output. */
export function parseReplFrame(raw: string): ReplFrame | null {
  if (!raw) return null;
  let obj: unknown;
  try {
    obj = JSON.parse(raw);
  } catch {
    return { kind: "output", text: raw };
  }
  if (!obj || typeof obj !== "object" || Array.isArray(obj)) return { kind: "output", text: raw };
  const o = obj as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  switch (o.type) {
    case "output":
    case "stdout":
    case "stderr":
      return { kind: "output", text: str(o.data) || str(o.text) };
    case "opened":
      // The device's session is open; its banner ends with the first prompt (">>> ").
      return { kind: "opened", text: str(o.banner) };
    case "error":
      return { kind: "error", text: str(o.message) || str(o.data) };
    case "closed":
    case "close":
      return { kind: "closed", text: str(o.reason) };
    default:
      return null;
  }
}
