import { describe, expect, it } from "vitest";
import { parseReplFrame } from "./replProtocol";

describe("parseReplFrame", () => {
  it("tells the device's session opening apart from its output", () => {
    expect(parseReplFrame('{"type":"opened","banner":"Pyrite 0.1.0 on d (sim)\\n>>> "}')).toEqual({
      kind: "opened",
      text: "Pyrite 0.1.0 on d (sim)\n>>> ",
    });
    expect(parseReplFrame('{"type":"output","data":"42\\n>>> "}')).toEqual({ kind: "output", text: "42\n>>> " });
  });
  it("keeps raw text and ignores unknown frames", () => {
    expect(parseReplFrame("hello")).toEqual({ kind: "output", text: "hello" });
    expect(parseReplFrame('{"type":"ping"}')).toBeNull();
    expect(parseReplFrame("")).toBeNull();
    expect(parseReplFrame('{"type":"closed","reason":"idle"}')).toEqual({ kind: "closed", text: "idle" });
  });
});
