# JSON-like pretty printer and a tiny parser for the same format.
def pretty(obj, indent=0, step=2):
    pad = " " * indent
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        parts = []
        for k, v in obj.items():
            parts.append(f'{pad}{" " * step}{quote(str(k))}: {pretty(v, indent + step, step)}')
        return "{\n" + ",\n".join(parts) + "\n" + pad + "}"
    if isinstance(obj, (list, tuple)):
        if not obj:
            return "[]"
        if all(isinstance(x, int | float) and not isinstance(x, bool) for x in obj):
            return "[" + ", ".join(scalar(x) for x in obj) + "]"
        inner = [" " * (indent + step) + pretty(x, indent + step, step) for x in obj]
        return "[\n" + ",\n".join(inner) + "\n" + pad + "]"
    return scalar(obj)


def quote(s):
    out = ['"']
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 0x20 or ord(ch) > 0x7e:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def scalar(x):
    match x:
        case None:
            return "null"
        case bool():
            return "true" if x else "false"
        case int():
            return str(x)
        case float() if x != x or x in (float("inf"), float("-inf")):
            raise ValueError(f"Out of range float values are not JSON compliant: {x!r}")
        case float():
            return repr(x)
        case str():
            return quote(x)
        case _:
            raise TypeError(f"Object of type {type(x).__name__} is not JSON serializable")


class Parser:
    def __init__(self, text):
        self.s, self.i = text, 0

    def ws(self):
        while self.i < len(self.s) and self.s[self.i] in " \n\t\r":
            self.i += 1

    def value(self):
        self.ws()
        c = self.s[self.i]
        if c == "{":
            self.i += 1
            d = {}
            self.ws()
            if self.s[self.i] == "}":
                self.i += 1
                return d
            while True:
                self.ws()
                k = self.value()
                self.ws()
                assert self.s[self.i] == ":", f"expected ':' at {self.i}"
                self.i += 1
                d[k] = self.value()
                self.ws()
                c = self.s[self.i]
                self.i += 1
                if c == "}":
                    return d
        if c == "[":
            self.i += 1
            out = []
            self.ws()
            if self.s[self.i] == "]":
                self.i += 1
                return out
            while True:
                out.append(self.value())
                self.ws()
                c = self.s[self.i]
                self.i += 1
                if c == "]":
                    return out
        if c == '"':
            j = self.i + 1
            buf = []
            while self.s[j] != '"':
                if self.s[j] == "\\":
                    j += 1
                    esc = self.s[j]
                    if esc == "u":
                        buf.append(chr(int(self.s[j + 1:j + 5], 16)))
                        j += 4
                    else:
                        buf.append({"n": "\n", "t": "\t"}.get(esc, esc))
                else:
                    buf.append(self.s[j])
                j += 1
            self.i = j + 1
            return "".join(buf)
        for word, val in (("null", None), ("true", True), ("false", False)):
            if self.s.startswith(word, self.i):
                self.i += len(word)
                return val
        j = self.i
        while j < len(self.s) and self.s[j] in "+-0123456789.eE":
            j += 1
        num = self.s[self.i:j]
        self.i = j
        return float(num) if any(c in num for c in ".eE") else int(num)


data = {"name": "Pyrite \"demo\"", "version": (1, 2, 3), "ratio": 0.1 + 0.2, "big": 10 ** 20,
        "flags": [True, False, None], "nested": {"empty": {}, "list": [], "mixed": [1, "two", [3.5e-7, -0.0]]},
        "unicode": "héllo\nwörld ✓", 7: "int key"}
text = pretty(data)
print(text)
back = Parser(text).value()
print(back["ratio"] == data["ratio"], back["nested"], back["unicode"] == data["unicode"])
print(back["version"], back["7"], back["big"] == 10 ** 20)
for bad in (float("nan"), {1, 2}, b"x", float("-inf")):
    try:
        pretty([bad, "x"])
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(pretty([]), pretty({}), pretty("a\\b"), pretty(1e100), pretty([1.5, 2, -3]))
