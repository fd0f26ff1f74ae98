// The remote REPL: xterm.js over the API's WebSocket. Line editing is local
// (LineEditor); complete lines go to the device, Ctrl-C interrupts it.

import { useEffect, useRef, useState } from "preact/hooks";
import { Terminal as XTerm } from "@xterm/xterm";
import { FitAddon } from "@xterm/addon-fit";
import "@xterm/xterm/css/xterm.css";
import { LineEditor } from "../lineEditor";
import { parseReplFrame } from "../replProtocol";

type State = "connecting" | "open" | "closed";

export function ReplTerminal(props: { url: string; deviceId: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<State>("connecting");
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!host.current) return;
    const term = new XTerm({
      convertEol: true,
      cursorBlink: true,
      fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace",
      fontSize: 13,
      theme: { background: "#0f172a", foreground: "#e2e8f0", cursor: "#fbbf24", selectionBackground: "#334155" },
      scrollback: 2000,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current);
    try {
      fit.fit();
    } catch {
      // Not laid out yet (hidden tab): the resize observer fits it later.
    }
    const editor = new LineEditor();
    term.writeln(`\x1b[90mConnecting to ${props.deviceId}…\x1b[0m`);
    const ws = new WebSocket(props.url);
    setState("connecting");
    // The device prints its own prompts (">>> ", "... "): `editor.prompt` follows the
    // text of the terminal's last line that came from the device.
    let promptTimer: number | undefined;

    const showOutput = (text: string) => {
      window.clearTimeout(promptTimer);
      const typed = editor.current;
      if (typed) term.write(`\r\x1b[K${editor.prompt}`);
      term.write(text);
      const nl = text.lastIndexOf("\n");
      editor.prompt = nl >= 0 ? text.slice(nl + 1) : editor.prompt + text;
      if (typed) term.write(editor.redraw());
    };
    // Keys typed before the device's session is open wait here: typed lines echoed before
    // the device's banner would land above it, and their output after its prompt.
    let deviceOpen = false;
    let earlyKeys = "";
    ws.onmessage = (ev) => {
      const frame = parseReplFrame(typeof ev.data === "string" ? ev.data : "");
      if (!frame) return;
      if (frame.kind === "opened") {
        if (!deviceOpen) {
          deviceOpen = true;
          setState("open");
          term.writeln(`\x1b[32mConnected.\x1b[0m Type Python; Ctrl-C interrupts the device.`);
        }
        showOutput(frame.text);
        const keys = earlyKeys;
        earlyKeys = "";
        if (keys) handleKeys(keys);
      } else if (frame.kind === "output") showOutput(frame.text);
      else if (frame.kind === "error") showOutput(`\r\n\x1b[31m${frame.text}\x1b[0m\r\n`);
      else if (frame.kind === "closed") showOutput(`\r\n\x1b[90m[session closed${frame.text ? `: ${frame.text}` : ""}]\x1b[0m\r\n`);
    };
    ws.onclose = (ev) => {
      setState("closed");
      term.write(`\r\n\x1b[90m[disconnected${ev.reason ? `: ${ev.reason}` : ""}]\x1b[0m\r\n`);
    };
    ws.onerror = () => {
      term.write(`\r\n\x1b[31mThe REPL connection failed.\x1b[0m\r\n`);
    };
    const handleKeys = (data: string) => {
      const out = editor.feed(data);
      if (out.echo) term.write(out.echo);
      for (const line of out.lines) ws.send(JSON.stringify({ type: "input", data: `${line}\n` }));
      if (out.interrupt) {
        ws.send(JSON.stringify({ type: "interrupt" }));
        // An idle device may print nothing after Ctrl-C: give the prompt back if it stays silent.
        window.clearTimeout(promptTimer);
        promptTimer = window.setTimeout(() => showOutput(">>> "), 600);
      }
    };
    const input = term.onData((data) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (deviceOpen) handleKeys(data);
      else earlyKeys += data;
    });
    const ro = new ResizeObserver(() => {
      try {
        fit.fit();
      } catch {
        // ignore: element detached
      }
    });
    ro.observe(host.current);
    return () => {
      window.clearTimeout(promptTimer);
      ro.disconnect();
      input.dispose();
      ws.close();
      term.dispose();
    };
  }, [props.url, attempt]);

  return (
    <div class="terminal-wrap">
      <div class="terminal-bar">
        <span class={`term-state term-${state}`}>{state === "open" ? "connected" : state}</span>
        {state === "closed" && (
          <button class="btn btn-small" onClick={() => setAttempt((a) => a + 1)}>
            Reconnect
          </button>
        )}
      </div>
      <div class="terminal" ref={host} data-testid="repl-terminal" />
    </div>
  );
}
