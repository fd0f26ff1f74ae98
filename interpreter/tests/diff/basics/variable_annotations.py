# Variable annotations (PEP 526) and function annotations, as CPython 3.11 records them.
x: int = 5
y: str
print(x, __annotations__)
try:
    print(y)
except NameError as e:
    print('NameError', e)

order = []


def note(v):
    order.append(v)
    return v


z: note('ann') = note('value')
print(order, __annotations__['z'])


class Point:
    """A point."""
    x: int
    y: int = 0
    label: 'str' = 'p'
    if True:
        inner: float = 1.5
    for _i in range(1):
        loop: bool
    print('in body', __annotations__)


print(Point.__annotations__)
print(Point.y, Point.label, Point.inner)
print(hasattr(Point, 'x'), 'x' in Point.__dict__, '__annotations__' in Point.__dict__)
print(list(Point.__dict__).index('__annotations__') < list(Point.__dict__).index('y'))


class Plain:
    a = 1


print('__annotations__' in Plain.__dict__)


class Obj:
    def __init__(self):
        self.a: int = 1
        self.b: list
        local: int = 3
        other: undefined_name_is_not_evaluated
        print('local', local, self.a, hasattr(self, 'b'))


o = Obj()
d = {}
d['k']: int = 2
print(d, 'k' in __annotations__)

# Attribute / subscript targets without a value still evaluate their parts.
try:
    missing.attr: int
except NameError as e:
    print('NameError', e)
try:
    d[missing_key]: int
except NameError as e:
    print('NameError', e)
(paren): int = 7
print(paren, 'paren' in __annotations__)


def f(a: int, b: 'str' = 'x', *args: float, c: bool = True, **kw: dict) -> list:
    return [a, b]


print(f.__annotations__)
print(f(1))


def g(a, b):
    pass


print(g.__annotations__)
g.__annotations__['q'] = int
print(g.__annotations__)


def h():
    v: int
    try:
        print(v)
    except NameError as e:
        print(type(e).__name__, e)


h()
lam = lambda q: q
print(lam.__annotations__)


def outer():
    T = int

    class Inner:
        val: T = 3
        other: list[T]

    return Inner


print(outer().__annotations__)

try:
    class Bad:
        a: nope = 1
except NameError as e:
    print('NameError', e)

print(sorted(__annotations__))
