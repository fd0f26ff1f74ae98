class Frac:
    def __init__(self, n, d):
        self.n, self.d = n, d
    def __float__(self):
        return self.n / self.d
    def __int__(self):
        return self.n // self.d
    def __bool__(self):
        return self.n != 0
    def __round__(self, nd=None):
        return round(self.n / self.d, nd)
    def __trunc__(self):
        return int(self)
    def __neg__(self):
        return Frac(-self.n, self.d)
    def __repr__(self):
        return f"{self.n}/{self.d}"
f = Frac(7, 2)
print(float(f), int(f), bool(f), bool(Frac(0, 1)), round(f), round(Frac(22, 7), 3), -f)
import math
print(math.trunc(f), math.floor(3.5), math.ceil(3.5))
