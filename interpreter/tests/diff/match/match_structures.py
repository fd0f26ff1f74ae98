# Sequence, mapping and class patterns.


def seq(x):
    match x:
        case []:
            return "empty"
        case [a]:
            return f"one {a}"
        case [a, b]:
            return f"two {a} {b}"
        case [first, *rest] if len(rest) > 3:
            return f"long first={first} rest={rest}"
        case [first, *middle, last]:
            return f"first={first} middle={middle} last={last}"
        case _:
            return "not a sequence"


for v in [[], [1], (1, 2), [1, 2, 3], list(range(7)), range(3), "ab", b"ab", bytearray(b"xy"), {1: 2}, 5, (i for i in [1])]:
    print(seq(v))


def nested(x):
    match x:
        case [("add" | "sub") as op, int(a), int(b)]:
            return op, a, b
        case [[1, 2], [3, *_]]:
            return "nested lists"
        case (1, *_, 9):
            return "one..nine"
        case [*_]:
            return "any seq"
    return None


for v in [["add", 1, 2], ["sub", 3, 4], ["mul", 1, 2], [[1, 2], [3, 4, 5]], (1, 5, 6, 9), [1, 9], [0]]:
    print(nested(v))


def mapping(x):
    match x:
        case {"type": "point", "x": px, "y": py}:
            return f"point {px},{py}"
        case {"type": "circle", **rest}:
            return f"circle {sorted(rest.items())}"
        case {1: one, None: n}:
            return f"int/None keys {one} {n}"
        case {}:
            return f"mapping {len(x)}"
        case _:
            return "not a mapping"


for v in [{"type": "point", "x": 1, "y": 2, "z": 3}, {"type": "circle", "r": 5, "c": (0, 0)}, {1: "a", None: "b"},
          {"type": "point", "x": 1}, {}, [], "s"]:
    print(mapping(v))



class Mapping(dict):
    def get(self, key, default=None):
        print("get", key)
        return dict.get(self, key, default)


match Mapping(a=1, b=2):
    case {"a": 1, "c": _}:
        print("c?")
    case {"a": a, **kw}:
        print("subclass get", a, kw)


class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class Point3(Point):
    __match_args__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z


class Plain:
    def __init__(self):
        self.a = 1

    @property
    def broken(self):
        raise AttributeError("nope")


def cls(p):
    match p:
        case Point3(0, 0, z):
            return f"z-axis {z}"
        case Point(0, 0):
            return "origin"
        case Point(x=0, y=yy):
            return f"on y {yy}"
        case Point(xx, 0):
            return f"on x {xx}"
        case Point(x, y=y) if x == y:
            return f"diagonal {x}"
        case Plain(a=1, broken=_):
            return "has broken"
        case Plain(a=1):
            return "plain a=1"
        case int(n) | float(n):
            return f"number {n}"
        case str(s):
            return f"str {s}"
        case bool():
            return "bool?"
        case list([1, *r]):
            return f"list {r}"
        case dict({"k": v}):
            return f"dict {v}"
        case tuple((a, b)):
            return f"tuple {a} {b}"
        case object(__class__=c):
            return f"object of {c.__name__}"


for v in [Point3(0, 0, 5), Point(0, 0), Point(0, 7), Point(4, 0), Point(3, 3), Point(1, 2), Plain(), 5, 2.5, True, "s",
          [1, 2, 3], {"k": 9}, (1, 2), None]:
    print(cls(v))

# Run-time errors of class patterns.
class NoArgs:
    pass


class BadArgs:
    __match_args__ = ["x"]


class BadElem:
    __match_args__ = ("x", 3)
    x = 1


class One:
    __match_args__ = ("x",)
    x = 1


not_a_class = 5
for subject, src in [(NoArgs(), "NoArgs(1)"), (BadArgs(), "BadArgs(1)"), (BadElem(), "BadElem(1, 2)"),
                     (One(), "One(1, 2)"), (One(), "One(1, x=1)"), (5, "int(1, 2)"), (1, "not_a_class()")]:
    try:
        exec(f"match subject:\n case {src}:\n  print('matched')\n case _:\n  print('no match')")
    except TypeError as e:
        print("TypeError", e)


# Side effects of the patterns: a getattr that raises something other than AttributeError.
class Raises:
    __match_args__ = ("v",)

    @property
    def v(self):
        raise ValueError("boom")


try:
    match Raises():
        case Raises(1):
            pass
except ValueError as e:
    print("ValueError", e)

# Custom __eq__ in value patterns.
class Eq:
    def __eq__(self, other):
        print("eq called with", other)
        return True


E = Eq()
class NS:
    e = E
match 3:
    case NS.e:
        print("matched via __eq__")

# Failed patterns bind nothing (CPython binds on success only).
zz = "unset"
match [1, 2]:
    case [zz, 3]:
        pass
    case _:
        print("zz", zz)

# Function scope: captures are locals.
def f(v):
    match v:
        case [x, y]:
            return x + y
    return x


print(f([1, 2]))
try:
    f(5)
except UnboundLocalError as e:
    print("UnboundLocalError", e)
