"""json: JSON encoding and decoding (as CPython 3.11's json, with its error messages).

The encoder and decoder are native (`_json`); this module keeps CPython's API around them.
"""

from _json import encode as _encode, decode as _decode, encode_basestring as _encode_str

__all__ = ["dump", "dumps", "load", "loads", "JSONDecoder", "JSONDecodeError", "JSONEncoder"]


class JSONDecodeError(ValueError):
    """Subclass of ValueError with the position of the error in the document."""

    def __init__(self, msg, doc, pos):
        lineno = doc.count("\n", 0, pos) + 1
        colno = pos - doc.rfind("\n", 0, pos)
        ValueError.__init__(self, "%s: line %d column %d (char %d)" % (msg, lineno, colno, pos))
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno

    def __reduce__(self):
        return self.__class__, (self.msg, self.doc, self.pos)


def _fail(o):
    raise TypeError("Object of type %s is not JSON serializable" % type(o).__name__)


class JSONEncoder:
    item_separator = ", "
    key_separator = ": "

    def __init__(self, *, skipkeys=False, ensure_ascii=True, check_circular=True,
                 allow_nan=True, sort_keys=False, indent=None, separators=None, default=None):
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
        _fail(o)

    def encode(self, o):
        return _encode(o, self.skipkeys, self.ensure_ascii, self.check_circular,
                       self.allow_nan, self.sort_keys, self.indent, self.item_separator,
                       self.key_separator, self.default)

    def iterencode(self, o, _one_shot=False):
        return iter([self.encode(o)])


def dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True,
          cls=None, indent=None, separators=None, default=None, sort_keys=False, **kw):
    if cls is not None or kw:
        return (cls or JSONEncoder)(
            skipkeys=skipkeys, ensure_ascii=ensure_ascii, check_circular=check_circular,
            allow_nan=allow_nan, indent=indent, separators=separators, default=default,
            sort_keys=sort_keys, **kw).encode(obj)
    if indent is not None and not isinstance(indent, str):
        indent = " " * indent
    if separators is not None:
        item_sep, key_sep = separators
    else:
        item_sep, key_sep = ("," if indent is not None else ", "), ": "
    return _encode(obj, skipkeys, ensure_ascii, check_circular, allow_nan, sort_keys, indent,
                   item_sep, key_sep, default or _fail)


def dump(obj, fp, **kw):
    fp.write(dumps(obj, **kw))


class JSONDecoder:
    def __init__(self, *, object_hook=None, parse_float=None, parse_int=None,
                 parse_constant=None, strict=True, object_pairs_hook=None):
        self.object_hook = object_hook
        self.parse_float = parse_float
        self.parse_int = parse_int
        self.parse_constant = parse_constant
        self.strict = strict
        self.object_pairs_hook = object_pairs_hook

    def _run(self, s, idx, whole):
        return _decode(s, idx, whole, self.strict, self.object_hook, self.object_pairs_hook,
                       self.parse_float, self.parse_int, self.parse_constant, JSONDecodeError)

    def raw_decode(self, s, idx=0):
        return self._run(s, idx, False)

    def decode(self, s):
        return self._run(s, 0, True)


def loads(s, *, cls=None, object_hook=None, parse_float=None, parse_int=None,
          parse_constant=None, object_pairs_hook=None, strict=True, **kw):
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
    if cls is not None or kw:
        return (cls or JSONDecoder)(
            object_hook=object_hook, parse_float=parse_float, parse_int=parse_int,
            parse_constant=parse_constant, object_pairs_hook=object_pairs_hook, strict=strict,
            **kw).decode(s)
    return _decode(s, 0, True, strict, object_hook, object_pairs_hook, parse_float, parse_int,
                   parse_constant, JSONDecodeError)


def load(fp, **kw):
    return loads(fp.read(), **kw)
