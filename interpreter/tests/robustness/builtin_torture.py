# Calls every builtin and every method of common types with odd arguments;
# each call must return or raise a Python exception, never crash the process.
# Progress goes to stderr ("B name" / "M type name") so a crash names its
# call. Calls that would legitimately run for ages (huge powers, shifts,
# repetitions, roundings) are left out. Runs in under a second on CPython.
import sys
def values():
    return [None, True, 0, -1, 7, 2 ** 100, -(2 ** 70), 0.0, -2.5, float("nan"), float("inf"),
            "", "abc", "é☃", b"", b"xyz", bytearray(b"ab"), [], [1, "a"], (), (1, 2), {}, {"k": 1},
            set(), {1, 2}, frozenset([3]), range(3), slice(1, 2), object(), int, str, len, lambda *a: a,
            iter([1, 2]), (x for x in [1]), memoryview(b"mv"), ValueError("e"), Ellipsis, NotImplemented]
small = lambda: [None, 0, -1, 70, "s", b"b", [], (1,), {}, 1.5, int]
builtin_names = ["abs", "all", "any", "bin", "bool", "bytearray", "bytes", "callable", "chr", "classmethod",
    "dict", "dir", "divmod", "enumerate", "filter", "float", "frozenset", "getattr", "hasattr", "hash",
    "hex", "int", "isinstance", "issubclass", "iter", "len", "list", "map", "max", "memoryview", "min",
    "next", "object", "oct", "ord", "pow", "property", "range", "repr", "reversed", "round", "set",
    "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple", "type", "zip", "format",
    "ascii", "vars", "delattr", "__import__"]
calls = errors = 0
def attempt(f, args):
    global calls, errors
    calls += 1
    try:
        r = f(*args)
        if isinstance(r, (map, filter, zip, enumerate, reversed)) or type(r).__name__.endswith("iterator"):
            for _ in range(5):
                next(r, None)
    except Exception:
        errors += 1
import builtins
for name in builtin_names:
    f = getattr(builtins, name); print("B", name, file=sys.stderr, flush=True)
    attempt(f, ())
    for v in values():
        attempt(f, (v,))
    for a in small():
        for b in small():
            attempt(f, (a, b))
    for a in small()[:5]:
        for b in small()[:5]:
            for c in small()[:5]:
                attempt(f, (a, b, c))
seen = set()
for proto in values():
    t = type(proto)
    for name in sorted(dir(proto)):
        if (t.__name__, name) in seen or name in ("__del__", "__init_subclass__") or "pow" in name or "shift" in name or "mul" in name or "round" in name:
            continue
        seen.add((t.__name__, name)); print("M", t.__name__, name, file=sys.stderr, flush=True)
        for args in [()] + [(v,) for v in values()] + [(a, b) for a in small()[:6] for b in small()[:6]]:
            fresh = [v for v in values() if type(v) is t]
            obj = fresh[0] if fresh else proto
            try:
                m = getattr(obj, name)
            except Exception:
                continue
            if callable(m):
                attempt(m, args)
print("torture done", calls > 10000)
