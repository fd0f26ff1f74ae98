def dumps(obj, indent=0, level=0):
    pad = " " * (indent * (level + 1))
    end_pad = " " * (indent * level)
    nl = "\n" if indent else ""
    sep = ": " if indent else ":"
    if obj is None:
        return "null"
    if obj is True:
        return "true"
    if obj is False:
        return "false"
    if isinstance(obj, (int, float)):
        return repr(obj)
    if isinstance(obj, str):
        out = ['"']
        for ch in obj:
            if ch == '"':
                out.append('\\"')
            elif ch == "\\":
                out.append("\\\\")
            elif ch == "\n":
                out.append("\\n")
            elif ord(ch) < 0x20:
                out.append("\\u%04x" % ord(ch))
            else:
                out.append(ch)
        out.append('"')
        return "".join(out)
    if isinstance(obj, (list, tuple)):
        if not obj:
            return "[]"
        items = [pad + dumps(v, indent, level + 1) for v in obj]
        return "[" + nl + ("," + nl).join(items) + nl + end_pad + "]"
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [pad + dumps(str(k)) + sep + dumps(v, indent, level + 1) for k, v in obj.items()]
        return "{" + nl + ("," + nl).join(items) + nl + end_pad + "}"
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")
def parse(s):
    pos = 0
    def ws():
        nonlocal pos
        while pos < len(s) and s[pos] in " \n\t\r":
            pos += 1
    def value():
        nonlocal pos
        ws()
        c = s[pos]
        if c == "{":
            pos += 1
            d = {}
            ws()
            if s[pos] == "}":
                pos += 1
                return d
            while True:
                ws()
                k = value()
                ws()
                assert s[pos] == ":", f"expected ':' at {pos}"
                pos += 1
                d[k] = value()
                ws()
                if s[pos] == ",":
                    pos += 1
                    continue
                assert s[pos] == "}", f"expected '}}' at {pos}"
                pos += 1
                return d
        if c == "[":
            pos += 1
            arr = []
            ws()
            if s[pos] == "]":
                pos += 1
                return arr
            while True:
                arr.append(value())
                ws()
                if s[pos] == ",":
                    pos += 1
                    continue
                pos += 1
                return arr
        if c == '"':
            pos += 1
            buf = []
            while s[pos] != '"':
                if s[pos] == "\\":
                    pos += 1
                    esc = s[pos]
                    if esc == "u":
                        buf.append(chr(int(s[pos + 1:pos + 5], 16)))
                        pos += 4
                    else:
                        buf.append({"n": "\n", "t": "\t"}.get(esc, esc))
                else:
                    buf.append(s[pos])
                pos += 1
            pos += 1
            return "".join(buf)
        for lit, v in (("true", True), ("false", False), ("null", None)):
            if s.startswith(lit, pos):
                pos += len(lit)
                return v
        start = pos
        while pos < len(s) and s[pos] in "-+.eE0123456789":
            pos += 1
        num = s[start:pos]
        return float(num) if any(ch in num for ch in ".eE") else int(num)
    return value()
doc = {"name": "pyrite", "version": [0, 1, 0], "stable": False, "ratio": 0.75,
       "deps": [], "meta": {}, "tags": ["fast", "small\n\"quoted\""], "none": None, "nested": {"a": [1, {"b": 2}]}}
print(dumps(doc))
print(dumps(doc, indent=2))
back = parse(dumps(doc))
print(back == doc, back["nested"]["a"][1]["b"])
print(parse(' { "x" : [ 1 , 2.5 , -3e2 , true , null ] } '))
try:
    dumps({"s": {1, 2}})
except TypeError as e:
    print("TypeError:", e)
