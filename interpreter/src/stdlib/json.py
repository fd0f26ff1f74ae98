"""json: JSON encoding and decoding (as CPython 3.11's json, with its error messages)."""

__all__ = ["dump", "dumps", "load", "loads", "JSONDecodeError"]


class JSONDecodeError(ValueError):
    """Subclass of ValueError with the position of the error in the document."""

    def __init__(self, msg, doc, pos):
        lineno = doc.count("\n", 0, pos) + 1
        colno = pos - doc.rfind("\n", 0, pos)
        errmsg = "%s: line %d column %d (char %d)" % (msg, lineno, colno, pos)
        ValueError.__init__(self, errmsg)
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno

    def __reduce__(self):
        return self.__class__, (self.msg, self.doc, self.pos)


# ---------------------------------------------------------------- encoding

_NAMED = {
    "\\": "\\\\",
    '"': '\\"',
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}


def _encode_str(s, ensure_ascii):
    out = ['"']
    for ch in s:
        named = _NAMED.get(ch)
        if named is not None:
            out.append(named)
            continue
        n = ord(ch)
        if n < 0x20 or (ensure_ascii and n > 0x7E):
            if n > 0xFFFF:
                n -= 0x10000
                out.append("\\u%04x\\u%04x" % (0xD800 | (n >> 10), 0xDC00 | (n & 0x3FF)))
            else:
                out.append("\\u%04x" % n)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _floatstr(o, allow_nan):
    if o != o:
        text = "NaN"
    elif o == float("inf"):
        text = "Infinity"
    elif o == -float("inf"):
        text = "-Infinity"
    else:
        return repr(float(o))
    if not allow_nan:
        raise ValueError("Out of range float values are not JSON compliant")
    return text


class JSONEncoder:
    item_separator = ", "
    key_separator = ": "

    def __init__(
        self,
        *,
        skipkeys=False,
        ensure_ascii=True,
        check_circular=True,
        allow_nan=True,
        sort_keys=False,
        indent=None,
        separators=None,
        default=None,
    ):
        self.skipkeys = skipkeys
        self.ensure_ascii = ensure_ascii
        self.check_circular = check_circular
        self.allow_nan = allow_nan
        self.sort_keys = sort_keys
        if indent is not None and not isinstance(indent, str):
            indent = " " * indent
        self.indent = indent
        if separators is not None:
            self.item_separator, self.key_separator = separators
        elif indent is not None:
            self.item_separator = ","
        if default is not None:
            self.default = default

    def default(self, o):
        raise TypeError("Object of type %s is not JSON serializable" % type(o).__name__)

    def encode(self, o):
        if isinstance(o, str):
            return _encode_str(o, self.ensure_ascii)
        chunks = []
        self._encode(o, chunks, 0, {} if self.check_circular else None)
        return "".join(chunks)

    def iterencode(self, o, _one_shot=False):
        return iter([self.encode(o)])

    def _encode(self, o, out, level, markers):
        if isinstance(o, str):
            out.append(_encode_str(o, self.ensure_ascii))
        elif o is None:
            out.append("null")
        elif o is True:
            out.append("true")
        elif o is False:
            out.append("false")
        elif isinstance(o, int):
            out.append(repr(int(o)))
        elif isinstance(o, float):
            out.append(_floatstr(o, self.allow_nan))
        elif isinstance(o, (list, tuple)):
            self._encode_list(o, out, level, markers)
        elif isinstance(o, dict):
            self._encode_dict(o, out, level, markers)
        else:
            mark = self._enter(o, markers)
            self._encode(self.default(o), out, level, markers)
            self._leave(mark, markers)

    def _enter(self, o, markers):
        if markers is None:
            return None
        mark = id(o)
        if mark in markers:
            raise ValueError("Circular reference detected")
        markers[mark] = o
        return mark

    def _leave(self, mark, markers):
        if markers is not None:
            del markers[mark]

    def _newline(self, level):
        if self.indent is None:
            return None
        return "\n" + self.indent * level

    def _encode_list(self, lst, out, level, markers):
        if not lst:
            out.append("[]")
            return
        mark = self._enter(lst, markers)
        out.append("[")
        nl = self._newline(level + 1)
        sep = self.item_separator
        if nl is not None:
            out.append(nl)
            sep = sep + nl
        first = True
        for v in lst:
            if not first:
                out.append(sep)
            first = False
            self._encode(v, out, level + 1, markers)
        if nl is not None:
            out.append(self._newline(level))
        out.append("]")
        self._leave(mark, markers)

    def _key(self, k):
        if isinstance(k, str):
            return k
        if isinstance(k, float):
            return _floatstr(k, self.allow_nan)
        if k is True:
            return "true"
        if k is False:
            return "false"
        if k is None:
            return "null"
        if isinstance(k, int):
            return repr(int(k))
        if self.skipkeys:
            return None
        raise TypeError(
            "keys must be str, int, float, bool or None, not %s" % type(k).__name__
        )

    def _encode_dict(self, dct, out, level, markers):
        if not dct:
            out.append("{}")
            return
        mark = self._enter(dct, markers)
        out.append("{")
        nl = self._newline(level + 1)
        sep = self.item_separator
        if nl is not None:
            out.append(nl)
            sep = sep + nl
        items = sorted(dct.items()) if self.sort_keys else dct.items()
        first = True
        for k, v in items:
            key = self._key(k)
            if key is None:
                continue
            if not first:
                out.append(sep)
            first = False
            out.append(_encode_str(key, self.ensure_ascii))
            out.append(self.key_separator)
            self._encode(v, out, level + 1, markers)
        if nl is not None:
            out.append(self._newline(level))
        out.append("}")
        self._leave(mark, markers)


def dumps(
    obj,
    *,
    skipkeys=False,
    ensure_ascii=True,
    check_circular=True,
    allow_nan=True,
    cls=None,
    indent=None,
    separators=None,
    default=None,
    sort_keys=False,
    **kw
):
    if cls is None:
        cls = JSONEncoder
    return cls(
        skipkeys=skipkeys,
        ensure_ascii=ensure_ascii,
        check_circular=check_circular,
        allow_nan=allow_nan,
        indent=indent,
        separators=separators,
        default=default,
        sort_keys=sort_keys,
        **kw
    ).encode(obj)


def dump(obj, fp, **kw):
    fp.write(dumps(obj, **kw))


# ---------------------------------------------------------------- decoding

_WS = " \t\n\r"
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_DIGITS = "0123456789"
_HEX = "0123456789abcdefABCDEF"


class _Stop(Exception):
    """No JSON value starts at this index (CPython's StopIteration in the scanner)."""

    def __init__(self, idx):
        Exception.__init__(self, idx)
        self.idx = idx


class _Decoder:
    def __init__(self, s, strict, object_hook, object_pairs_hook, parse_float, parse_int,
                 parse_constant):
        self.s = s
        self.n = len(s)
        self.strict = strict
        self.object_hook = object_hook
        self.object_pairs_hook = object_pairs_hook
        self.parse_float = parse_float
        self.parse_int = parse_int
        self.parse_constant = parse_constant

    def ws(self, i):
        s = self.s
        n = self.n
        while i < n and s[i] in _WS:
            i += 1
        return i

    def value(self, i):
        s = self.s
        if i >= self.n:
            raise _Stop(i)
        c = s[i]
        if c == '"':
            return self.string(i + 1)
        if c == "{":
            return self.obj(i + 1)
        if c == "[":
            return self.array(i + 1)
        if c == "n" and s.startswith("null", i):
            return None, i + 4
        if c == "t" and s.startswith("true", i):
            return True, i + 4
        if c == "f" and s.startswith("false", i):
            return False, i + 5
        if c == "N" and s.startswith("NaN", i):
            return self.const("NaN"), i + 3
        if c == "I" and s.startswith("Infinity", i):
            return self.const("Infinity"), i + 8
        if c == "-" and s.startswith("-Infinity", i):
            return self.const("-Infinity"), i + 9
        return self.number(i)

    def const(self, name):
        if self.parse_constant is not None:
            return self.parse_constant(name)
        if name == "NaN":
            return float("nan")
        if name == "Infinity":
            return float("inf")
        return -float("inf")

    def number(self, start):
        s = self.s
        n = self.n
        i = start
        if i < n and s[i] == "-":
            i += 1
        if i < n and s[i] == "0":
            i += 1
        elif i < n and s[i] in "123456789":
            while i < n and s[i] in _DIGITS:
                i += 1
        else:
            raise _Stop(start)
        is_float = False
        if i + 1 < n and s[i] == "." and s[i + 1] in _DIGITS:
            i += 2
            while i < n and s[i] in _DIGITS:
                i += 1
            is_float = True
        if i < n and s[i] in "eE":
            j = i + 1
            if j < n and s[j] in "+-":
                j += 1
            if j < n and s[j] in _DIGITS:
                while j < n and s[j] in _DIGITS:
                    j += 1
                i = j
                is_float = True
        text = s[start:i]
        if is_float:
            if self.parse_float is not None:
                return self.parse_float(text), i
            return float(text), i
        if self.parse_int is not None:
            return self.parse_int(text), i
        return int(text), i

    def string(self, i):
        s = self.s
        n = self.n
        begin = i - 1
        chunks = []
        while True:
            j = i
            while j < n:
                c = s[j]
                if c == '"' or c == "\\":
                    break
                if c < " " and self.strict:
                    raise JSONDecodeError("Invalid control character at", s, j)
                j += 1
            if j >= n:
                raise JSONDecodeError("Unterminated string starting at", s, begin)
            if j > i:
                chunks.append(s[i:j])
            if s[j] == '"':
                return "".join(chunks), j + 1
            j += 1
            if j >= n:
                raise JSONDecodeError("Unterminated string starting at", s, begin)
            esc = s[j]
            if esc != "u":
                ch = _ESCAPES.get(esc)
                if ch is None:
                    raise JSONDecodeError("Invalid \\escape", s, j - 1)
                chunks.append(ch)
                i = j + 1
                continue
            uni = self.hex4(j)
            i = j + 5
            if 0xD800 <= uni <= 0xDBFF and s[i:i + 2] == "\\u":
                uni2 = self.hex4(i + 1)
                if 0xDC00 <= uni2 <= 0xDFFF:
                    uni = 0x10000 + (((uni - 0xD800) << 10) | (uni2 - 0xDC00))
                    i += 6
            chunks.append(chr(uni))

    def hex4(self, upos):
        esc = self.s[upos + 1:upos + 5]
        if len(esc) == 4 and esc[0] not in "xX":
            ok = True
            for c in esc:
                if c not in _HEX:
                    ok = False
                    break
            if ok:
                return int(esc, 16)
        raise JSONDecodeError("Invalid \\uXXXX escape", self.s, upos)

    def obj(self, i):
        s = self.s
        pairs = []
        i = self.ws(i)
        if i < self.n and s[i] == "}":
            return self.finish_obj(pairs), i + 1
        while True:
            if i >= self.n or s[i] != '"':
                raise JSONDecodeError(
                    "Expecting property name enclosed in double quotes", s, i
                )
            key, i = self.string(i + 1)
            i = self.ws(i)
            if i >= self.n or s[i] != ":":
                raise JSONDecodeError("Expecting ':' delimiter", s, i)
            i = self.ws(i + 1)
            try:
                val, i = self.value(i)
            except _Stop as e:
                raise JSONDecodeError("Expecting value", s, e.idx) from None
            pairs.append((key, val))
            i = self.ws(i)
            if i < self.n and s[i] == "}":
                return self.finish_obj(pairs), i + 1
            if i >= self.n or s[i] != ",":
                raise JSONDecodeError("Expecting ',' delimiter", s, i)
            i = self.ws(i + 1)

    def finish_obj(self, pairs):
        if self.object_pairs_hook is not None:
            return self.object_pairs_hook(pairs)
        d = dict(pairs)
        if self.object_hook is not None:
            return self.object_hook(d)
        return d

    def array(self, i):
        s = self.s
        values = []
        i = self.ws(i)
        if i < self.n and s[i] == "]":
            return values, i + 1
        while True:
            try:
                val, i = self.value(i)
            except _Stop as e:
                raise JSONDecodeError("Expecting value", s, e.idx) from None
            values.append(val)
            i = self.ws(i)
            if i < self.n and s[i] == "]":
                return values, i + 1
            if i >= self.n or s[i] != ",":
                raise JSONDecodeError("Expecting ',' delimiter", s, i)
            i = self.ws(i + 1)


class JSONDecoder:
    def __init__(
        self,
        *,
        object_hook=None,
        parse_float=None,
        parse_int=None,
        parse_constant=None,
        strict=True,
        object_pairs_hook=None,
    ):
        self.object_hook = object_hook
        self.parse_float = parse_float
        self.parse_int = parse_int
        self.parse_constant = parse_constant
        self.strict = strict
        self.object_pairs_hook = object_pairs_hook

    def _scanner(self, s):
        return _Decoder(s, self.strict, self.object_hook, self.object_pairs_hook,
                        self.parse_float, self.parse_int, self.parse_constant)

    def raw_decode(self, s, idx=0):
        try:
            return self._scanner(s).value(idx)
        except _Stop as e:
            raise JSONDecodeError("Expecting value", s, e.idx) from None

    def decode(self, s):
        dec = self._scanner(s)
        try:
            obj, end = dec.value(dec.ws(0))
        except _Stop as e:
            raise JSONDecodeError("Expecting value", s, e.idx) from None
        end = dec.ws(end)
        if end != len(s):
            raise JSONDecodeError("Extra data", s, end)
        return obj


def loads(
    s,
    *,
    cls=None,
    object_hook=None,
    parse_float=None,
    parse_int=None,
    parse_constant=None,
    object_pairs_hook=None,
    **kw
):
    if isinstance(s, str):
        if s.startswith("\ufeff"):
            raise JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", s, 0)
    else:
        if not isinstance(s, (bytes, bytearray)):
            raise TypeError(
                "the JSON object must be str, bytes or bytearray, not %s" % type(s).__name__
            )
        s = bytes(s)
        if s.startswith(b"\xef\xbb\xbf"):
            s = s[3:]
        s = s.decode("utf-8", "surrogatepass")
    if cls is None:
        cls = JSONDecoder
    return cls(
        object_hook=object_hook,
        parse_float=parse_float,
        parse_int=parse_int,
        parse_constant=parse_constant,
        object_pairs_hook=object_pairs_hook,
        **kw
    ).decode(s)


def load(fp, **kw):
    return loads(fp.read(), **kw)
