# Mapping patterns on collections' dict subclasses: keys are looked up with get(), so a
# defaultdict gains no key.
from collections import OrderedDict, defaultdict, Counter

d = defaultdict(int)
d["a"] = 1
match d:
    case {"b": _}:
        print("b?")
    case {"a": a}:
        print("defaultdict a", a, sorted(d))

match OrderedDict(x=1, y=2):
    case {"x": 1, **rest}:
        print("ordered", rest)

match Counter("abca"):
    case {"a": 2, "b": b}:
        print("counter", b)
