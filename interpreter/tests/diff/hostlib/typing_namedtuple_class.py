# typing.NamedTuple in class syntax: annotated fields, defaults, methods, the namedtuple API.
from typing import NamedTuple, List


class Point(NamedTuple):
    x: int
    y: int = 0

    def norm1(self):
        return abs(self.x) + abs(self.y)

    @property
    def swapped(self):
        return Point(self.y, self.x)

    def __str__(self):
        return 'P<%d,%d>' % self


p = Point(3, -4)
print(p, repr(p), p.norm1(), p.swapped, Point(7))
print(p.x, p[1], len(p), tuple(p), p == (3, -4), isinstance(p, tuple))
print(Point._fields, Point._field_defaults, Point.__annotations__)
print(p._asdict(), p._replace(y=10), Point._make([1, 2]))
x, y = p
print(x, y, Point.__name__)
try:
    p.x = 5
except AttributeError as e:
    print('AttributeError')
try:
    Point()
except TypeError as e:
    print('TypeError', e)


class Employee(NamedTuple):
    """An employee."""
    name: str
    dept: str = 'eng'
    tags: List[str] = []
    salary: float = 1.5


e = Employee('ann')
print(e, Employee('bob', 'ops', ['x'], 2.0), Employee._field_defaults, Employee.__doc__)
print(sorted([Employee('b'), Employee('a', 'z')]))


class Sub(Point):
    def total(self):
        return self.x + self.y


print(Sub(1, 2).total(), Sub(1, 2), Sub._fields)

try:
    class Bad(NamedTuple):
        a: int = 1
        b: int
except TypeError as e:
    print('TypeError', e)
try:
    class Bad2(NamedTuple):
        a: int = 1
        b: str = ''
        c: int
except TypeError as e:
    print('TypeError', e)
try:
    class Bad3(NamedTuple):
        a: int

        def _asdict(self):
            return {}
except AttributeError as e:
    print('AttributeError', e)

Pair = NamedTuple('Pair', [('left', int), ('right', str)])
pr = Pair(1, 'r')
print(pr, Pair._fields, Pair.__annotations__)
Kw = NamedTuple('Kw', a=int, b=float)
print(Kw(1, 2.5), Kw._fields)
match Point(0, 2):
    case Point(x=0, y=yy):
        print('x is 0, y', yy)
