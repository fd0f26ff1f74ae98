// Local line editing for the remote REPL terminal (like rustyline does for
// `pyrite-fleet repl`): the device receives whole lines, never keystrokes.
// Pure: fed terminal input, it returns what to echo and what to send.

export interface EditorOutput {
  /** Bytes to write to the terminal (echo, redraws). */
  echo: string;
  /** Complete lines to send to the device, in order. */
  lines: string[];
  /** Ctrl-C was pressed: interrupt the device. */
  interrupt: boolean;
}

export class LineEditor {
  /**
   * The text before the cursor's line that is not ours: the device's prompt
   * (`>>> ` or `... `, which the device prints itself), redrawn with the line.
   */
  prompt = "";
  private line = "";
  private cursor = 0;
  private readonly history: string[] = [];
  private historyIndex = 0;

  get current(): string {
    return this.line;
  }

  feed(data: string): EditorOutput {
    const out: EditorOutput = { echo: "", lines: [], interrupt: false };
    let i = 0;
    while (i < data.length) {
      const ch = data[i];
      if (ch === "\x1b") {
        // CSI sequences: arrows, Home/End, Delete.
        const m = /^\x1b\[(\d*)([A-Za-z~])/.exec(data.slice(i));
        if (m) {
          out.echo += this.escape(m[1], m[2]);
          i += m[0].length;
        } else {
          i += 1;
        }
        continue;
      }
      i += 1;
      if (ch === "\r" || ch === "\n") {
        if (ch === "\n" && data[i - 2] === "\r") continue;
        out.echo += "\r\n";
        const line = this.line;
        out.lines.push(line);
        if (line.trim()) {
          this.history.push(line);
          if (this.history.length > 500) this.history.shift();
        }
        this.historyIndex = this.history.length;
        this.prompt = "";
        this.line = "";
        this.cursor = 0;
      } else if (ch === "\x03") {
        out.echo += "^C\r\n";
        out.interrupt = true;
        this.prompt = "";
        this.line = "";
        this.cursor = 0;
      } else if (ch === "\x7f" || ch === "\b") {
        if (this.cursor > 0) {
          this.line = this.line.slice(0, this.cursor - 1) + this.line.slice(this.cursor);
          this.cursor -= 1;
          out.echo += this.redraw();
        }
      } else if (ch === "\t") {
        out.echo += this.insert("    ");
      } else if (ch === "\x01") {
        this.cursor = 0;
        out.echo += this.redraw();
      } else if (ch === "\x05") {
        this.cursor = this.line.length;
        out.echo += this.redraw();
      } else if (ch === "\x15") {
        this.line = this.line.slice(this.cursor);
        this.cursor = 0;
        out.echo += this.redraw();
      } else if (ch >= " ") {
        out.echo += this.insert(ch);
      }
    }
    return out;
  }

  private insert(text: string): string {
    const atEnd = this.cursor === this.line.length;
    this.line = this.line.slice(0, this.cursor) + text + this.line.slice(this.cursor);
    this.cursor += text.length;
    return atEnd ? text : this.redraw();
  }

  private escape(arg: string, code: string): string {
    switch (code) {
      case "A":
        if (this.historyIndex > 0) {
          this.historyIndex -= 1;
          this.line = this.history[this.historyIndex];
          this.cursor = this.line.length;
          return this.redraw();
        }
        return "";
      case "B":
        if (this.historyIndex < this.history.length) {
          this.historyIndex += 1;
          this.line = this.history[this.historyIndex] ?? "";
          this.cursor = this.line.length;
          return this.redraw();
        }
        return "";
      case "C":
        if (this.cursor < this.line.length) {
          this.cursor += 1;
          return "\x1b[C";
        }
        return "";
      case "D":
        if (this.cursor > 0) {
          this.cursor -= 1;
          return "\x1b[D";
        }
        return "";
      case "H":
        this.cursor = 0;
        return this.redraw();
      case "F":
        this.cursor = this.line.length;
        return this.redraw();
      case "~":
        if (arg === "3" && this.cursor < this.line.length) {
          this.line = this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1);
          return this.redraw();
        }
        return "";
      default:
        return "";
    }
  }

  /** Rewrites the prompt and line, and puts the cursor back in place. */
  redraw(): string {
    const back = this.line.length - this.cursor;
    return `\r\x1b[K${this.prompt}${this.line}${back > 0 ? `\x1b[${back}D` : ""}`;
  }
}
