from collections import namedtuple

def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

P = namedtuple("P", "x y")
p = P(1, 2)
t(lambda: p)
t(lambda: (p.x, p.y, p[0], p[-1], len(p), tuple(p), list(p)))
t(lambda: P._fields)
t(lambda: p._asdict())
t(lambda: type(p._asdict()).__name__)
t(lambda: p._replace(x=5))
t(lambda: p._replace(z=5))
t(lambda: P._make([3, 4]))
t(lambda: P._make([3]))
t(lambda: P(1))
t(lambda: P(1, 2, 3))
t(lambda: P(x=1, y=2))
t(lambda: P(1, x=2))
t(lambda: P(1, z=2))
t(lambda: p == (1, 2))
t(lambda: p + (3,))
t(lambda: isinstance(p, tuple))
t(lambda: hash(p) == hash((1, 2)))
t(lambda: P.__name__)
t(lambda: sorted([P(2, 1), P(1, 5)]))
x, y = p
t(lambda: (x, y))
Q = namedtuple("Q", ["a", "b", "c"], defaults=[10, 20])
t(lambda: Q(1))
t(lambda: Q(1, 2))
t(lambda: Q._field_defaults)
t(lambda: Q())
R = namedtuple("R", "a, b  c")
t(lambda: R._fields)
t(lambda: namedtuple("S", "a a"))
t(lambda: namedtuple("S", "a def"))
t(lambda: namedtuple("S", "_a b"))
t(lambda: namedtuple("S", "a 1b"))
t(lambda: namedtuple("S", "_a def", rename=True)._fields)
t(lambda: namedtuple("S", ["a", "a", "b"], rename=True)._fields)
t(lambda: namedtuple("9S", "a"))
E = namedtuple("E", "")
t(lambda: E())
t(lambda: p.count(1))
t(lambda: p.index(2))
t(lambda: p[0:1])
def setx():
    p.x = 3
t(setx)
class Pt(namedtuple("Pt", "x y")):
    __slots__ = ()
    def norm(self):
        return abs(self.x) + abs(self.y)
    def __str__(self):
        return "Pt<%d,%d>" % self
t(lambda: Pt(3, -4).norm())
t(lambda: str(Pt(1, 2)))
t(lambda: Pt(1, 2))
t(lambda: Pt(1, 2)._replace(y=7))
t(lambda: P.x.__doc__)
t(lambda: getattr(p, "_fields"))
import collections
t(lambda: collections.namedtuple("T", "a b", defaults=(1,))(0))
t(lambda: dict(P(1, 2)._asdict()))
t(lambda: repr(namedtuple("Point3D", "x y z")(1.5, "s", None)))
t(lambda: namedtuple("M", "a", module="mymod").__module__)
