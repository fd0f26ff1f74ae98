# collections.deque matches sequence patterns (CPython registers it as a
# collections.abc sequence); str, bytes and mappings do not.
from collections import deque, OrderedDict


def shape(s):
    match s:
        case []:
            return "empty"
        case [x]:
            return ("one", x)
        case [a, b]:
            return ("two", a, b)
        case [first, *rest]:
            return ("many", first, list(rest))
        case {"k": v}:
            return ("mapping", v)
        case _:
            return "other"


for s in (deque(), deque([1]), deque([1, 2]), deque(range(5), maxlen=3),
          "ab", b"ab", OrderedDict(k=3), {"k": 4}, 5):
    print(shape(s))
match deque([1, (2, 3)]):
    case [1, (x, y)]:
        print("nested", x, y)
