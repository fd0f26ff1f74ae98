# Custom metaclasses: classes made by a metaclass behave like classes.
class Meta(type):
    def __new__(mcls, name, bases, ns, **kw):
        print("Meta.__new__", mcls.__name__, name, [b.__name__ for b in bases],
              sorted(k for k in ns if not k.startswith("__")), kw)
        cls = super().__new__(mcls, name, bases, ns)
        cls.created_by = mcls.__name__
        return cls

    def __init__(cls, name, bases, ns, **kw):
        print("Meta.__init__", name, kw)
        super().__init__(name, bases, ns)

    def __call__(cls, *args, **kw):
        print("Meta.__call__", cls.__name__, args, kw)
        inst = super().__call__(*args, **kw)
        inst.via_meta = True
        return inst

    def describe(cls):
        return "class " + cls.__name__

    @property
    def upper_name(cls):
        return cls.__name__.upper()

    @classmethod
    def meta_cm(mcls):
        return mcls.__name__

class Base(metaclass=Meta, flag=1):
    x = 1

    def __init__(self, v=0):
        self.v = v

    def __init_subclass__(cls, **kw):
        print("Base.__init_subclass__", cls.__name__, kw)

class Child(Base, flag=2):
    y = 2

print(type(Base).__name__, type(Child).__name__, isinstance(Base, Meta), isinstance(Child, type))
print(issubclass(Meta, type), isinstance(Base, Base), type(Meta).__name__)
print(Base.__name__, Base.__qualname__, Child.__module__, Child.__mro__)
print(Child.__bases__, Base.__bases__, Child.created_by, Child.x, Child.y)
print(Base.describe(), Child.describe(), Child.upper_name, Child.meta_cm())
print(type(Child.__dict__).__name__, Child.__dict__["y"], "x" in Child.__dict__, len(Base.__dict__) > 0)
try:
    Child.__dict__["z"] = 3
except TypeError as e:
    print("TypeError:", e)
c = Child(5)
print(c.v, c.via_meta, type(c).__name__, isinstance(c, Base))
try:
    c.describe
except AttributeError as e:
    print("AttributeError:", e)
print(repr(Child), Child.__class__ is Meta, Child.__doc__)

# Calling the metaclass directly.
Dyn = Meta("Dyn", (Child,), {"z": 3, "__doc__": "made by Meta"})
print(Dyn.__name__, Dyn.__qualname__, Dyn.z, Dyn.x, Dyn.__doc__, [k.__name__ for k in Dyn.__mro__])
print(Dyn.__module__, type(Dyn) is Meta, Dyn(1).v)

# type() with three arguments, and type.__new__ directly.
T = type("T", (), {"a": 1, "f": lambda self: self.a + 1})
print(T.__name__, T().f(), type(T).__name__, T.__qualname__, T.__module__)
U = type.__new__(type, "U", (T,), {})
print(U.__name__, U().f(), U.__bases__)
