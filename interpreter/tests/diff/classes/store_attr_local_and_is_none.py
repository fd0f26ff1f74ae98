# `obj.name = v` with `obj` a local (LoadFast + StoreAttr, and two locals), and
# `x is None` / `x is not None` tests with their jumps, on every kind of target.


class Plain:
    def __init__(self, a):
        self.a = a
        self.b = None


class Slotted:
    __slots__ = ("a",)


class WithProp:
    def __init__(self):
        self._v = 0

    @property
    def v(self):
        return self._v

    @v.setter
    def v(self, x):
        self._v = x * 10


class ReadOnly:
    @property
    def r(self):
        return 1


class Hooked:
    def __setattr__(self, name, value):
        object.__setattr__(self, name, ("hooked", value))


class Base:
    def set(self, v):
        self.x = v
        return self.x


class Sub1(Base):
    pass


class Sub2(Base):
    x = property(lambda self: "prop", lambda self, v: None)


def stores():
    p = Plain(1)
    v = 5
    p.a = v
    p.c = v
    print(p.a, p.b, p.c)
    s = Slotted()
    s.a = v
    print(s.a)
    try:
        s.b = v
    except AttributeError as e:
        print("AttributeError", e)
    w = WithProp()
    w.v = v
    print(w.v, w._v)
    ro = ReadOnly()
    try:
        ro.r = v
    except AttributeError as e:
        print("AttributeError", e)
    h = Hooked()
    h.z = v
    print(h.z)
    o = object()
    try:
        o.q = v
    except AttributeError as e:
        print("AttributeError", e)
    n = 3
    try:
        n.foo = v
    except AttributeError as e:
        print("AttributeError", e)

    def f():
        pass

    f.tag = v
    print(f.tag)
    for obj in (Sub1(), Sub2(), Sub1(), Base(), Sub2()):
        print(type(obj).__name__, obj.set(v))


def unbound():
    v = 1
    try:
        q.a = v
    except UnboundLocalError as e:
        print("UnboundLocalError", e)
    q = Plain(0)
    q.a = v
    print(q.a)


def none_tests(items):
    out = []
    for x in items:
        if x is None:
            out.append("none")
        elif x is not None and x == 0:
            out.append("zero")
        else:
            out.append(repr(x))
    n = 0
    while items[n] is not None:
        n += 1
    out.append(n)
    out.append([v for v in items if v is not None])
    out.append([v is None for v in items])
    a = None
    out.append(a is None is True)
    out.append(not (a is not None))
    return out


stores()
unbound()
print(none_tests([1, 0, "", False, [], None, 2, None]))
print(none_tests([None]))
