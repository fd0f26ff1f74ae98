# The VM's attribute cache and fast calls: every case where a cached answer would be wrong.

class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm(self):
        return self.x * self.x + self.y * self.y


# Same class, different attribute order: the cached position must be checked.
a = P(1, 2)
b = P.__new__(P)
b.y = 5
b.x = 7
for o in (a, b, a, b):
    print(o.x, o.y, o.norm())

# A method shadowed by an instance attribute after the call site warmed up.
total = 0
for i in range(6):
    if i == 3:
        a.norm = lambda: -1
    total += a.norm()
print("shadowed", total)
del a.norm
print("unshadowed", a.norm())

# Deleting an attribute leaves a hole where the cache pointed.
del b.y
try:
    print(b.y)
except AttributeError as e:
    print("AttributeError", e)
b.y = 9
print(b.x, b.y)

# A class attribute turned into a property (a data descriptor) after use.
class Q:
    def __init__(self):
        self.v = 1

q = Q()
print([q.v for _ in range(3)])
Q.v = property(lambda self: 42)
print(q.v)
try:
    q.v = 3
except AttributeError:
    print("no setter")

# __slots__ refuses new attributes (the fast store must not add them).
class S:
    __slots__ = ("a",)

s = S()
s.a = 1
try:
    s.b = 2
except AttributeError as e:
    print("AttributeError", e)
print(s.a)

# Names made at run time (not interned) used as attributes.
n = "".join(["dy", "namic"])
setattr(a, n, 11)
print(a.dynamic, getattr(a, "dyn" + "amic"))
a.dynamic = 12
print(getattr(a, n))

# Methods of builtins through LOAD_METHOD.
xs = []
for i in range(4):
    xs.append(i * i)
d = {}
for k in "abcab":
    d[k] = d.get(k, 0) + 1
print(xs, sorted(d.items()), "-".join(["x", "y"]))

# Fast calls: defaults, shared mutable defaults, closures, keyword calls mixed in.
def f(a, b=2, c=[]):
    c.append(a)
    return a + b + len(c)

print(f(1), f(1, 5), f(1, 5, []), f(b=1, a=0))

def outer(k):
    def inner(x):
        return x + k
    return inner

add3 = outer(3)
print([add3(i) for i in range(4)])

class M:
    def m(self, a, b=10):
        return a + b

    @staticmethod
    def s(a):
        return a * 2

    @classmethod
    def c(cls, a):
        return cls.__name__ + str(a)

m = M()
print(m.m(1), m.m(1, 2), m.s(4), m.c(5), M.s(6), M.m(m, 7))
m.m = lambda a, b=0: ("instance", a, b)
print(m.m(1))

def wrong(a, b):
    return a

for args in [(), (1,), (1, 2, 3)]:
    try:
        wrong(*args)
    except TypeError as e:
        print("TypeError", e)
try:
    wrong(1)
except TypeError as e:
    print("TypeError", e)

def deep(n):
    return 0 if n == 0 else 1 + deep(n - 1)

try:
    deep(100000)
except RecursionError:
    print("RecursionError")
print(deep(50))

# Instances that hold their attributes in a __dict__ that was asked for.
p = P(3, 4)
dd = p.__dict__
dd["x"] = 30
print(p.x, p.norm())
p.y = 40
print(dd["y"], p.norm())
