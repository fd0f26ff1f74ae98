# A 3-d vector class with operator overloading, slots and iteration.
import math


class Vector:
    __slots__ = ("x", "y", "z")

    def __init__(self, x=0, y=0, z=0):
        self.x, self.y, self.z = x, y, z

    def __repr__(self):
        return f"Vector({self.x!r}, {self.y!r}, {self.z!r})"

    def __add__(self, o):
        if not isinstance(o, Vector):
            return NotImplemented
        return Vector(self.x + o.x, self.y + o.y, self.z + o.z)

    def __sub__(self, o):
        return Vector(self.x - o.x, self.y - o.y, self.z - o.z)

    def __mul__(self, k):
        if isinstance(k, Vector):
            return self.x * k.x + self.y * k.y + self.z * k.z
        return Vector(self.x * k, self.y * k, self.z * k)

    __rmul__ = __mul__

    def __matmul__(self, o):
        return Vector(self.y * o.z - self.z * o.y, self.z * o.x - self.x * o.z, self.x * o.y - self.y * o.x)

    def __neg__(self):
        return self * -1

    def __abs__(self):
        return math.sqrt(self * self)

    def __eq__(self, o):
        return isinstance(o, Vector) and (self.x, self.y, self.z) == (o.x, o.y, o.z)

    def __hash__(self):
        return hash((self.x, self.y, self.z))

    def __iter__(self):
        yield self.x
        yield self.y
        yield self.z

    def __getitem__(self, i):
        return (self.x, self.y, self.z)[i]

    def __bool__(self):
        return any(self)


v, w = Vector(1, 2, 3), Vector(4, 5, 6)
print(v + w, v - w, v * 2, 3 * v, v * w, v @ w, -v)
print(abs(Vector(3, 4)), bool(Vector()), bool(v), list(v), v[1], v[-1])
print(v == Vector(1, 2, 3), v != w, len({v, Vector(1, 2, 3), w}))
x, y, z = v
print(x, y, z, max(v), sorted(w, reverse=True))
try:
    v + 1
except TypeError as e:
    print("TypeError", e)
try:
    v.w = 1
except AttributeError as e:
    print("AttributeError", e)
print(f"{abs(v):.4f}", round(abs(w), 3), math.isclose(abs(v) ** 2, 14))
