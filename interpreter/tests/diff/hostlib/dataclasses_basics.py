# dataclasses: generated __init__/__repr__/__eq__/order/hash, fields, helpers, errors.
from dataclasses import (dataclass, field, fields, asdict, astuple, replace, is_dataclass,
                         FrozenInstanceError, InitVar, MISSING, KW_ONLY, make_dataclass)
from typing import ClassVar, List, Optional


@dataclass
class Point:
    x: int
    y: int = 0


p = Point(1, 2)
print(p, Point(3), repr(Point(y=5, x=4)))
print(p == Point(1, 2), p == Point(2, 1), p != Point(1, 2), p == (1, 2))
print(Point.__init__.__qualname__, Point.__repr__.__qualname__, Point.__match_args__)
print(Point.__doc__)
print(Point.__hash__)
try:
    hash(p)
except TypeError as e:
    print('TypeError', e)
for bad in [(), (1, 2, 3)]:
    try:
        Point(*bad)
    except TypeError as e:
        print('TypeError', e)
try:
    Point(1, z=3)
except TypeError as e:
    print('TypeError', e)
print(Point.y, 'x' in Point.__dict__)


@dataclass(order=True, frozen=True)
class Version:
    major: int
    minor: int = 0
    tag: str = field(default='', compare=False, repr=False)


vs = [Version(1, 2), Version(1, 0, 'rc'), Version(0, 9)]
print(sorted(vs), max(vs), Version(1) < Version(1, 1), Version(2) >= Version(1, 9))
print(Version(1, 0, 'a') == Version(1, 0, 'b'), hash(Version(1, 2)) == hash(Version(1, 2, 'x')))
v = Version(1)
try:
    v.major = 3
except FrozenInstanceError as e:
    print('FrozenInstanceError', e, isinstance(e, AttributeError))
try:
    del v.minor
except FrozenInstanceError as e:
    print('FrozenInstanceError', e)
try:
    Version(1) < (1, 0)
except TypeError as e:
    print('TypeError', e)


@dataclass
class Inventory:
    name: str
    items: List[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict, repr=False)
    total: int = field(init=False, default=0)
    kind: ClassVar[str] = 'inv'
    scale: InitVar[int] = 1

    def __post_init__(self, scale):
        self.total = len(self.items) * scale


a = Inventory('a')
b = Inventory('b', ['x', 'y'], scale=10)
a.items.append('z')
print(a, b, Inventory('c').items, Inventory.kind, b.total)
print([f.name for f in fields(Inventory)], [f.name for f in fields(b)])
f0 = fields(Inventory)[1]
print(f0.default is MISSING, f0.default_factory is list, f0.init, f0.repr, f0.compare, f0.type)
print(f0.metadata, field(metadata={'unit': 'cm'}).metadata['unit'])
print(Inventory.__dataclass_fields__['scale']._field_type, Inventory.__dataclass_fields__['kind']._field_type)
print(asdict(b), astuple(b))


@dataclass
class Line:
    start: Point
    end: Point
    tags: tuple = ()
    meta: Optional[dict] = None


ln = Line(Point(0, 0), Point(3, 4), ('a', 'b'), {'k': [Point(1, 1)]})
print(ln)
d = asdict(ln)
print(d, type(d['start']))
d['meta']['k'][0]['x'] = 99
print(ln.meta['k'][0])
print(astuple(ln))
print(replace(ln, tags=('c',)), replace(p, y=7))
try:
    replace(b, total=3)
except ValueError as e:
    print('ValueError', e)
try:
    replace(b)
except ValueError as e:
    print('ValueError', e)
print(is_dataclass(p), is_dataclass(Point), is_dataclass(3), is_dataclass(int))
for fn in (asdict, astuple):
    try:
        fn(Point)
    except TypeError as e:
        print('TypeError', e)
try:
    fields(3)
except TypeError as e:
    print('TypeError', e)


# Inheritance: base fields come first; a subclass may give a base field a default.
@dataclass
class Point3(Point):
    z: int = 0


print(Point3(1, 2, 3), [f.name for f in fields(Point3)], Point3(1) == Point(1), Point3.__match_args__)


@dataclass
class Base:
    a: int
    b: str = 'b'


@dataclass
class Child(Base):
    a: int = 5
    c: float = 1.5


print(Child(), Child(1, 'x', 2.0))

# Errors at class creation, with CPython's messages.
try:
    @dataclass
    class Bad:
        items: list = []
except ValueError as e:
    print('ValueError', e)
try:
    @dataclass
    class Bad2:
        d: dict = {}
except ValueError as e:
    print('ValueError', e)
try:
    @dataclass
    class Bad3:
        a: int = 1
        b: int
except TypeError as e:
    print('TypeError', e)
try:
    field(default=1, default_factory=list)
except ValueError as e:
    print('ValueError', e)
try:
    @dataclass(order=True, eq=False)
    class Bad4:
        a: int
except ValueError as e:
    print('ValueError', e)
try:
    @dataclass(frozen=True)
    class Bad5(Point):
        c: int = 0
except TypeError as e:
    print('TypeError', e)
try:
    @dataclass
    class Bad6(Version):
        c: int = 0
except TypeError as e:
    print('TypeError', e)
try:
    @dataclass
    class Bad7:
        a = field(default=1)
except TypeError as e:
    print('TypeError', e)
try:
    @dataclass(order=True)
    class Bad8:
        a: int

        def __lt__(self, other):
            return True
except TypeError as e:
    print('TypeError', e)


# Keyword-only fields, with the argument and with KW_ONLY.
@dataclass(kw_only=True)
class Opts:
    verbose: bool = False
    level: int


print(Opts(level=3), Opts(level=1, verbose=True))
try:
    Opts(True, 3)
except TypeError as e:
    print('TypeError', e)


@dataclass
class Mixed:
    a: int
    _: KW_ONLY
    b: int = 2
    c: int


print(Mixed(1, c=3), Mixed.__match_args__, [f.kw_only for f in fields(Mixed)])


@dataclass
class WithKw:
    a: int
    b: int = field(kw_only=True, default=0)
    c: int = 1


print(WithKw(1, 2, b=3))

# eq=False keeps identity comparison and hash; unsafe_hash adds one.
@dataclass(eq=False)
class Ident:
    a: int


i = Ident(1)
print(i == Ident(1), i == i, hash(i) == hash(i))


@dataclass(unsafe_hash=True)
class H:
    a: int
    b: list = field(default_factory=list, hash=False)


print(hash(H(1)) == hash(H(1, [2])), H(1) == H(1, [2]), len({H(1), H(1)}))


@dataclass
class Explicit:
    a: int

    def __repr__(self):
        return 'custom'

    def __eq__(self, other):
        return True


print(Explicit(1), Explicit(1) == 5, Explicit.__hash__)


@dataclass(repr=False, init=False)
class NoInit:
    a: int = 3


n = NoInit()
print(n.a, 'NoInit object' in repr(n))


# Recursive repr and a field named self.
@dataclass
class Node:
    value: int
    next: 'Node' = None


nd = Node(1)
nd.next = nd
print(nd)


@dataclass
class S:
    self: int


print(S(4), S(self=5))

# match with __match_args__.
match Point(0, 5):
    case Point(0, y):
        print('on y axis at', y)

C = make_dataclass('C', ['x', ('y', int), ('z', int, field(default=5))], namespace={'total': lambda self: self.x + self.y + self.z})
c = C(1, 2)
print(c, c.total(), [f.type for f in fields(C)])


@dataclass
class Defaults:
    when: float = 1.5
    name: str = 'n'
    tup: tuple = (1, 2)


print(Defaults.__doc__, Defaults.__init__.__annotations__ if False else '')
print(Version.__doc__, Opts.__doc__)
print(Inventory.__doc__)


# String annotations: 'ClassVar[...]' is a class variable only when the module binds ClassVar.
@dataclass
class StrAnn:
    a: 'int'
    b: 'ClassVar[int]' = 3
    c: 'typing.ClassVar[int]' = 4
    d: 'InitVar[int]' = 5


print([f.name for f in fields(StrAnn)], StrAnn(1), StrAnn.b)
