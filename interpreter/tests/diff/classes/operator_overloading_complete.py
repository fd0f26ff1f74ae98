class Mod7:
    def __init__(self, v):
        self.v = v % 7
    def __repr__(self):
        return f"M{self.v}"
    def _c(self, o):
        return o.v if isinstance(o, Mod7) else o
    def __add__(self, o): return Mod7(self.v + self._c(o))
    def __radd__(self, o): return Mod7(self._c(o) + self.v)
    def __sub__(self, o): return Mod7(self.v - self._c(o))
    def __rsub__(self, o): return Mod7(self._c(o) - self.v)
    def __mul__(self, o): return Mod7(self.v * self._c(o))
    def __rmul__(self, o): return Mod7(self._c(o) * self.v)
    def __pow__(self, e, mod=None): return Mod7(pow(self.v, self._c(e), 7))
    def __truediv__(self, o): return self * Mod7(pow(self._c(o), 5, 7))
    def __eq__(self, o): return self.v == self._c(o) % 7
    def __hash__(self): return hash(self.v)
    def __lt__(self, o): return self.v < self._c(o)
    def __le__(self, o): return self.v <= self._c(o)
    def __neg__(self): return Mod7(-self.v)
    def __bool__(self): return self.v != 0
    def __int__(self): return self.v
    def __index__(self): return self.v
    def __lshift__(self, n): return Mod7(self.v << self._c(n))
    def __and__(self, o): return Mod7(self.v & self._c(o))
    def __or__(self, o): return Mod7(self.v | self._c(o))
    def __xor__(self, o): return Mod7(self.v ^ self._c(o))
    def __floordiv__(self, o): return Mod7(self.v // self._c(o))
    def __mod__(self, o): return Mod7(self.v % self._c(o))
    def __divmod__(self, o): return (self // o, self % o)
a, b = Mod7(5), Mod7(4)
print(a + b, a - b, b - a, a * b, a ** 3, a / b, -a, 3 + a, 10 - a, 2 * a)
print(a == 12, a == b, a < b, b <= a, bool(Mod7(7)), int(a), [0, 1, 2, 3, 4, 5, 6][a])
print(a << 1, a & 3, a | 2, a ^ 1, a // 2, a % 3, divmod(a, 2))
print(sorted([a, b, Mod7(1)]), sum([a, b]), {a: "five"}[Mod7(12)])
x = Mod7(1)
for _ in range(10):
    x *= 3
print(x, [Mod7(3) ** k for k in range(7)])
