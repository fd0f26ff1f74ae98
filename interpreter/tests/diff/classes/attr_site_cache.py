# The attribute-site cache (one entry per name of a code object) must give way to every change
# that alters what `obj.name` means: each function below runs its access in a loop, so the
# site is filled, then something changes and the same instruction runs again.

class P:
    def __init__(self, x):
        self.x = x
        self.y = x * 2

def get_x(o):
    return o.x

def set_x(o, v):
    o.x = v

def loop_get(objs):
    out = []
    for o in objs:
        out.append(o.x)
    return out

a = P(1)
for _ in range(5):
    get_x(a)
print("plain", get_x(a), get_x(P(7)))

# A data descriptor added to the class after the site was filled shadows the instance dict.
class Q:
    def __init__(self):
        self.x = 10
q = Q()
for _ in range(5):
    get_x(q)
Q.x = property(lambda self: "prop")
print("property added", get_x(q))
del Q.x
print("property removed", get_x(q))

# A setter-less property makes the store fail; a data descriptor with __set__ takes the store.
class Store:
    def __init__(self):
        self.x = 0
s = Store()
for i in range(5):
    set_x(s, i)
print("stored", s.x)
log = []
class D:
    def __get__(self, obj, typ=None):
        return "D.get"
    def __set__(self, obj, v):
        log.append(v)
Store.x = D()
set_x(s, 99)
print("descriptor store", log, get_x(s), s.__dict__["x"])
del Store.x
set_x(s, 5)
print("after del", get_x(s))

# __getattribute__ / __getattr__ added to the class after caching.
class G:
    def __init__(self):
        self.x = 3
g = G()
for _ in range(5):
    get_x(g)
G.__getattribute__ = lambda self, n: "hooked " + n
print("getattribute", get_x(g))
del G.__getattribute__
print("unhooked", get_x(g))
G.__getattr__ = lambda self, n: "missing " + n
print("getattr present", get_x(g), g.zzz)

# Deleting the instance attribute, then a class attribute of the same name shows through.
class R:
    x = "class x"
    def __init__(self):
        self.x = "inst x"
r = R()
for _ in range(5):
    get_x(r)
del r.x
print("deleted", get_x(r))
r.x = "again"
print("re-added", get_x(r))
try:
    del r.x
    del r.x
except AttributeError as e:
    print("AttributeError", e)

# Instances of one class with different dict layouts (the hint differs) and other classes at
# the same site (a polymorphic site).
class L:
    pass
l1 = L(); l1.x = 1; l1.y = 2
l2 = L(); l2.y = 3; l2.x = 4
class M:
    def __init__(self):
        self.z = 0
        self.x = "M"
print("layouts", loop_get([l1, l2, l1, l2, P(5), M(), l1, M()]))

# __slots__: a slot member is a data descriptor; the instance has no dict entry.
class S:
    __slots__ = ("x",)
    def __init__(self, x):
        self.x = x
ss = [S(i) for i in range(4)]
print("slots", loop_get(ss))
for o in ss:
    set_x(o, o.x + 10)
print("slots set", loop_get(ss))
try:
    ss[0].w = 1
except AttributeError:
    print("slots refuse w")

# A subclass that turns the attribute into a property, at a site filled by the base class.
class Base:
    def __init__(self):
        self.x = "base"
class Sub(Base):
    @property
    def x(self):
        return "sub property"
    @x.setter
    def x(self, v):
        pass
print("subclass", loop_get([Base(), Base(), Sub(), Base()]))

# __dict__ asked for: the attributes move to a dict object; the site must not read the old table.
class W:
    def __init__(self):
        self.x = 1
w = W()
for _ in range(5):
    get_x(w)
d = w.__dict__
d["x"] = "via __dict__"
print("dict object", get_x(w))
set_x(w, "set after __dict__")
print("dict object store", d["x"], get_x(w))

# Exception instances and builtin subclasses keep their attributes too.
class E(Exception):
    def __init__(self, v):
        self.x = v
class IntSub(int):
    pass
isub = IntSub(4)
isub.x = "int sub"
print("exc/int", loop_get([E(1), E(2), isub, a]))

# Global-attribute form (S.x, LoadGlobalAttr) and the method form of the same name.
STATE = P(11)
def read_state():
    return STATE.x + STATE.y
for _ in range(5):
    read_state()
STATE.x = 100
print("global attr", read_state())
STATE = P(0)
print("global rebound", read_state())
class C:
    def __init__(self):
        self.f = lambda: "instance f"
    def f(self):
        return "method f"
def call_f(o):
    return o.f()
c = C()
print("shadow method", call_f(c), get_x(a))
del c.f
print("method again", call_f(c))
C.f = lambda self: "patched"
print("patched", call_f(c))

# New attributes appended by a store site: the same site later sees a class with __slots__
# (no room for the name), a class whose __setattr__ was added after caching, an instance that
# already holds the name, and an instance built in another order.
def init_xy(o, x, y):
    o.x = x
    o.y = y
    return o
class N:
    pass
ns = [init_xy(N(), i, -i) for i in range(4)]
print("new attrs", [(o.x, o.y) for o in ns], sorted(ns[0].__dict__))
class NS:
    __slots__ = ("x",)
try:
    init_xy(NS(), 1, 2)
except AttributeError as e:
    print("slots store refused", type(e).__name__)
class NS2:
    __slots__ = ("x", "y")
o2 = init_xy(NS2(), 5, 6)
print("slots store", o2.x, o2.y)
seen = []
def tracing_setattr(self, name, value):
    seen.append(name)
    object.__setattr__(self, name, value)
N.__setattr__ = tracing_setattr
o3 = init_xy(N(), 7, 8)
print("setattr hook", seen, o3.x, o3.y)
del N.__setattr__
o4 = N()
o4.y = "first y"
init_xy(o4, 9, 10)
print("existing name", o4.x, o4.y, list(o4.__dict__))
o5 = init_xy(N(), 1, 1)
del o5.x
init_xy(o5, 2, 2)
print("re-added after del", o5.x, o5.y, list(o5.__dict__))
big = N()
for k in range(12):
    setattr(big, "a%d" % k, k)
init_xy(big, "bx", "by")
print("big dict", big.x, big.y, big.a11, len(big.__dict__))
