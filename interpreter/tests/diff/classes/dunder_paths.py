# Operator methods, properties, classmethods, staticmethods and super() methods: results,
# NotImplemented, errors and tracebacks must not depend on how the call is made.
class V:
    def __init__(self, x):
        self.x = x
    def __add__(self, o):
        if isinstance(o, V):
            return V(self.x + o.x)
        if isinstance(o, int):
            return V(self.x + o)
        return NotImplemented
    def __sub__(self, o):
        return NotImplemented
    def __mul__(self, o):
        raise ValueError("no mul")
    def __repr__(self):
        return "V(%r)" % self.x
class W:
    def __radd__(self, o):
        return "W.__radd__"
class Sub(V):
    def __radd__(self, o):
        return "Sub.__radd__"
print(V(1) + V(2), V(1) + 5, V(1) + True, V(1) + W(), V(1) + Sub(3))
for f in [lambda: V(1) + 1.5, lambda: V(1) - V(2), lambda: V(1) - 3, lambda: V(1) + "s", lambda: V(1) * 2]:
    try:
        print(f())
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
class I(int):
    def __add__(self, o):
        return NotImplemented
print(I(3) + 4, 4 + I(3))
try:
    I(3) + I(4)
except TypeError as e:
    print("TypeError", e)
class Gen:
    def __add__(self, o):
        yield o
print(list(Gen() + 1))
class BadArity:
    def __add__(self):
        return 0
try:
    BadArity() + BadArity()
except TypeError as e:
    print("TypeError", e)
class P:
    def __init__(self):
        self._v = 10
    @property
    def v(self):
        return self._v * 2
    @property
    def broken(self):
        raise AttributeError("inner")
    def __getattr__(self, name):
        return "getattr:" + name
    @property
    def gen(self):
        yield 1
p = P()
print(p.v, p.broken, p.missing, list(p.gen))
p.__dict__["v"] = "shadow"
print(p.v)
class K:
    count = 0
    @classmethod
    def make(cls, *a):
        cls.count += 1
        return cls, a
    @staticmethod
    def st(x, y=2):
        return x * y
    def plain(self, k):
        return ("plain", k)
class KK(K):
    def plain(self, k):
        return super().plain(k + 1)
    @classmethod
    def make(cls, *a):
        return ("KK", super().make(*a))
    def via_super(self):
        return super().st(5), super().make(1)
k = KK()
print(K.make(1), KK.make(2), k.make(3), K.st(3), k.st(3, 3), K.plain(k, 1), k.plain(1))
print(k.via_super(), K.count)
try:
    K.st()
except TypeError as e:
    print("TypeError", e)
try:
    K.plain()
except TypeError as e:
    print("TypeError", e)
k.st = lambda: "instance attr wins"
print(k.st())
def deep(n):
    return V(n) * 2
try:
    deep(1)
except ValueError as e:
    print("ValueError", e)
