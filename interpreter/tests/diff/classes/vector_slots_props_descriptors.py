# classes, properties, dunders
class Vec:
    __slots__ = ('x', 'y')
    def __init__(self, x, y):
        self.x = x; self.y = y
    def __repr__(self):
        return f"Vec({self.x!r}, {self.y!r})"
    def __add__(self, o):
        if not isinstance(o, Vec): return NotImplemented
        return Vec(self.x + o.x, self.y + o.y)
    def __radd__(self, o):
        if o == 0: return self
        return NotImplemented
    def __mul__(self, k): return Vec(self.x * k, self.y * k)
    __rmul__ = __mul__
    def __eq__(self, o): return isinstance(o, Vec) and (self.x, self.y) == (o.x, o.y)
    def __hash__(self): return hash((self.x, self.y))
    def __abs__(self): return (self.x ** 2 + self.y ** 2) ** 0.5
    def __bool__(self): return bool(self.x or self.y)
    def __neg__(self): return Vec(-self.x, -self.y)
    def __iter__(self):
        yield self.x; yield self.y
    def __getitem__(self, i): return (self.x, self.y)[i]
    def __lt__(self, o): return abs(self) < abs(o)

v = Vec(1, 2); w = Vec(3, 4)
print(v + w, 2 * v, v * 3, -v, abs(w), bool(Vec(0, 0)))
print(sum([v, w]), list(v), v[1], v[-1])
print(sorted([w, v, Vec(0, 1)]))
print(max([w, v]), min(v, w))
print({v: 1}[Vec(1, 2)])
try:
    v.z = 3
except AttributeError as e:
    print(type(e).__name__, e)
try:
    v + 1
except TypeError as e:
    print(type(e).__name__, e)
try:
    v < 1
except Exception as e:
    print(type(e).__name__, e)
x, y = v
print(x, y)

class Temp:
    def __init__(self): self._c = 0
    @property
    def c(self): return self._c
    @c.setter
    def c(self, val):
        if val < -273: raise ValueError("too cold")
        self._c = val
    @c.deleter
    def c(self): print("deleting"); self._c = None
    @property
    def f(self): return self._c * 9 / 5 + 32

t = Temp(); t.c = 100; print(t.c, t.f)
try: t.c = -300
except ValueError as e: print(e)
try: t.f = 3
except AttributeError as e: print(type(e).__name__, e)
del t.c; print(t.c)
print(type(Temp.c).__name__, Temp.c.fget.__name__)

class Base:
    count = 0
    def __init_subclass__(cls, tag=None, **kw):
        super().__init_subclass__(**kw)
        cls.tag = tag
        Base.count += 1
class A(Base, tag="a"): pass
class B(A): pass
print(A.tag, B.tag, Base.count)

class Named:
    def __set_name__(self, owner, name):
        self.name = name; self.owner = owner.__name__
    def __get__(self, obj, typ=None):
        if obj is None: return self
        return f"{self.owner}.{self.name} on {type(obj).__name__}"
class H:
    foo = Named()
    bar = Named()
print(H().foo, H().bar, H.foo.name)

class Meta(type):
    def __new__(mcls, name, bases, ns):
        ns['made_by'] = mcls.__name__
        return super().__new__(mcls, name, bases, ns)
    def __call__(cls, *a):
        print("calling", cls.__name__, a)
        return super().__call__(*a)
class M(metaclass=Meta):
    def __init__(self, a): self.a = a
m = M(5); print(m.a, M.made_by, type(M).__name__)

class D(dict):
    def __missing__(self, k): return k * 2
d = D(a=1); print(d['a'], d['zz'], d)
class L(list):
    def append(self, x): super().append(x * 10)
l = L([1]); l.append(2); print(l, len(l), type(l).__name__, isinstance(l, list))
print(L.__mro__)
class Callable:
    def __call__(self, *a, **k): return a, k
print(Callable()(1, b=2))
print(callable(Callable()), callable(Callable), callable(1))
