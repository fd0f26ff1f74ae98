class Shape:
    def area(self): raise NotImplementedError("subclass must implement")
    def __repr__(self): return f"{type(self).__name__}(area={self.area():.2f})"
class Circle(Shape):
    def __init__(self, r): self.r = r
    def area(self): return 3.14159 * self.r ** 2
class Sq(Shape):
    def __init__(self, s): self.s = s
    def area(self): return self.s ** 2
shapes = [Circle(1), Sq(2), Circle(0.5)]
print(sorted(shapes, key=lambda s: s.area()), sum(s.area() for s in shapes))
try: Shape().area()
except NotImplementedError as e: print(type(e).__name__, e)
print(repr(Shape.__dict__.get("area").__name__), Circle.__bases__[0].__name__, Circle.__subclasses__() if hasattr(Circle, "__subclasses__") else [])
print(Shape.__subclasses__())
class Point:
    def __init__(self, x, y): self.x, self.y = x, y
    def __eq__(self, o): return (self.x, self.y) == (o.x, o.y) if isinstance(o, Point) else NotImplemented
    def __hash__(self): return hash((self.x, self.y))
    def __repr__(self): return "Point(%d, %d)" % (self.x, self.y)
print(len({Point(1, 2), Point(1, 2), Point(2, 1)}), Point(1, 2) == Point(1, 2), Point(1, 2) == (1, 2), Point(1, 2) != Point(0, 0))
class Temperature:
    def __init__(self, c): self.c = c
    def __lt__(self, o): return self.c < o.c
    def __eq__(self, o): return self.c == o.c
    def __repr__(self): return f"T({self.c})"
import functools
@functools.total_ordering
class V:
    def __init__(self, v): self.v = v
    def __lt__(self, o): return self.v < o.v
    def __eq__(self, o): return self.v == o.v
print(V(1) <= V(2), V(3) >= V(2), V(1) > V(2))
print(sorted([Temperature(5), Temperature(-1)]), Temperature(1) > Temperature(0), max(Temperature(3), Temperature(4)))
try: Temperature(1) <= Temperature(2)
except TypeError as e: print(e)
class Matrix:
    def __init__(self, rows): self.rows = rows
    def __matmul__(self, o):
        return Matrix([[sum(a * b for a, b in zip(r, c)) for c in zip(*o.rows)] for r in self.rows])
    def __repr__(self): return "\n".join(" ".join(f"{v:3}" for v in r) for r in self.rows)
print(Matrix([[1, 2], [3, 4]]) @ Matrix([[5, 6], [7, 8]]))
class Money:
    def __init__(self, cents): self.cents = cents
    def __add__(self, o): return Money(self.cents + (o.cents if isinstance(o, Money) else o))
    __radd__ = __add__
    def __str__(self): return f"${self.cents / 100:.2f}"
print(sum([Money(150), Money(275)]), Money(5) + 10, 10 + Money(5))
