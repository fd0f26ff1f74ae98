# Property getters run as frames pushed from the dispatch loop, and super()/static/class
# methods are loaded without the general path: the cases around them must behave as before.
class P:
    def __init__(self, v):
        self._v = v
    @property
    def v(self):
        return self._v * 2
    @property
    def gen(self):
        yield self._v
    def _get_default(self, extra=5):
        return self._v + extra
    d = property(_get_default)
    @property
    def bad(self):
        return self.missing_attribute
    lam = property(lambda self: ("lam", self._v))
    native = property(len)

p = P(3)
print("getter", p.v, [p.v for _ in range(3)])
print("generator getter", list(p.gen))
print("default arg getter", p.d)
print("lambda getter", p.lam)
try:
    p.native
except TypeError as e:
    print("native getter TypeError")
try:
    p.bad
except AttributeError as e:
    print("AttributeError from getter:", e)

class WithGetattr(P):
    def __getattr__(self, name):
        return "fallback " + name
w = WithGetattr(4)
print("getattr fallback", w.bad, w.v)

# An exception from a getter propagates from the attribute load.
class T:
    @property
    def boom(self):
        raise ValueError("in getter")
try:
    T().boom
except ValueError as e:
    print("ValueError", e)

# Deep recursion through getters is a RecursionError, not a crash.
class R:
    @property
    def deep(self):
        return self.deep
try:
    R().deep
except RecursionError:
    print("RecursionError")

# Property replaced after use; instance dict does not shadow a data descriptor.
p.__dict__["v"] = "shadow?"
print("data descriptor wins", p.v)
P.v = property(lambda self: "replaced")
print("replaced property", p.v)
del P.v
print("property deleted", p.v)

# super(), static and class methods through classes and instances, patched after use.
class A:
    def f(self):
        return "A.f"
    @staticmethod
    def s(x):
        return ("A.s", x)
    @classmethod
    def c(cls):
        return ("A.c", cls.__name__)
class B(A):
    def f(self):
        return "B.f>" + super().f()
    @classmethod
    def c(cls):
        return ("B.c",) + super().c()
b = B()
for _ in range(3):
    r = (b.f(), B.s(1), b.s(2), B.c(), b.c(), A.f(b))
print("unbound", r)
A.f = lambda self: "patched A.f"
A.s = staticmethod(lambda x: ("patched s", x))
print("patched", b.f(), B.s(3))
b.s = lambda x: ("instance s", x)
print("instance shadows", b.s(4))
class C(B):
    def f(self):
        return "C.f>" + super().f()
print("subclass", C().f(), [o.f() for o in (b, C(), b)])
