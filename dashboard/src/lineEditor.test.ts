import { describe, expect, it } from "vitest";
import { LineEditor } from "./lineEditor";

describe("LineEditor", () => {
  it("echoes typing and sends a whole line on Enter", () => {
    const e = new LineEditor();
    const a = e.feed("print(6*7)");
    expect(a.echo).toBe("print(6*7)");
    expect(a.lines).toEqual([]);
    const b = e.feed("\r");
    expect(b.lines).toEqual(["print(6*7)"]);
    expect(b.echo).toBe("\r\n");
  });
  it("edits with backspace and arrows", () => {
    const e = new LineEditor();
    e.feed("pritn");
    e.feed("\x7f\x7f"); // "pri"
    e.feed("nt(1)");
    e.feed("\x1b[D\x1b[D"); // cursor before "1)"
    e.feed("2");
    expect(e.current).toBe("print(21)");
    expect(e.feed("\r").lines).toEqual(["print(21)"]);
  });
  it("recalls history with up and down", () => {
    const e = new LineEditor();
    e.feed("a = 1\rb = 2\r");
    e.feed("\x1b[A");
    expect(e.current).toBe("b = 2");
    e.feed("\x1b[A");
    expect(e.current).toBe("a = 1");
    e.feed("\x1b[B\x1b[B");
    expect(e.current).toBe("");
  });
  it("interrupts on Ctrl-C and drops the line", () => {
    const e = new LineEditor();
    e.feed("while True: pass");
    const out = e.feed("\x03");
    expect(out.interrupt).toBe(true);
    expect(out.lines).toEqual([]);
    expect(e.current).toBe("");
  });
  it("splits pasted text into lines", () => {
    const e = new LineEditor();
    const out = e.feed("for i in range(3):\r\n    print(i)\r\n\r");
    expect(out.lines).toEqual(["for i in range(3):", "    print(i)", ""]);
  });
  it("redraws the device's prompt with the line", () => {
    const e = new LineEditor();
    e.prompt = "... ";
    e.feed("x = 1");
    expect(e.feed("\x1b[D\x7f").echo).toBe("\x1b[D\r\x1b[K... x =1\x1b[1D");
    e.feed("\r");
    expect(e.prompt).toBe("");
  });
});
