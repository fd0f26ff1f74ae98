class Point:
    """A 2D point."""
    dims = 2
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def norm2(self):
        return self.x ** 2 + self.y ** 2
    def moved(self, dx, dy):
        return Point(self.x + dx, self.y + dy)
p = Point(3, 4)
print(p.x, p.y, p.norm2(), Point.dims, p.dims)
q = p.moved(1, 1)
print(q.x, q.y)
print(Point.__name__, Point.__doc__, type(p).__name__)
print(isinstance(p, Point), isinstance(3, Point))
p.z = 10
print(p.z, sorted(vars(p)))
Point.dims = 3
print(q.dims)
q.dims = 99
print(q.dims, Point.dims, p.dims)
print(Point.norm2(p))
m = p.norm2
print(m())
