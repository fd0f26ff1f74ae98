class Num:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return f"Num({self.v})"
    def __add__(self, o):
        print("__add__")
        return Num(self.v + (o.v if isinstance(o, Num) else o))
    def __radd__(self, o):
        print("__radd__")
        return Num(o + self.v)
    def __sub__(self, o):
        return Num(self.v - o)
    def __rsub__(self, o):
        return Num(o - self.v)
    def __mul__(self, o):
        return NotImplemented
    def __rmul__(self, o):
        return Num(o * self.v)
    def __rtruediv__(self, o):
        return Num(o / self.v)
    def __rpow__(self, o):
        return Num(o ** self.v)
    def __rfloordiv__(self, o):
        return Num(o // self.v)
    def __rmod__(self, o):
        return Num(o % self.v)
    def __rlshift__(self, o):
        return Num(o << self.v)
    def __rand__(self, o):
        return Num(o & self.v)
    def __ror__(self, o):
        return Num(o | self.v)
    def __rxor__(self, o):
        return Num(o ^ self.v)
n = Num(5)
print(n + 1)
print(1 + n)
print(n + n)
print(10 - n, n - 1)
print(3 * n)
print(10 / Num(4), 2 ** Num(3), 17 // Num(5), 17 % Num(5), 1 << Num(3))
print(6 & Num(3), 6 | Num(3), 6 ^ Num(3))
print(sum([Num(1), Num(2)], Num(0)))
print(sum([Num(1), Num(2)]))
try:
    n * 2
except TypeError as e:
    print("TypeError:", e)
