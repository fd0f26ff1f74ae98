registry = {}
class Plugin:
    def __init_subclass__(cls, name=None, **kw):
        super().__init_subclass__(**kw)
        registry[name or cls.__name__] = cls
class A(Plugin, name="alpha"):
    pass
class B(Plugin):
    pass
print(sorted(registry))
def add_repr(cls):
    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{cls.__name__}({fields})"
    cls.__repr__ = __repr__
    return cls
@add_repr
class Rec:
    def __init__(self, a, b):
        self.a = a
        self.b = b
print(Rec(1, "x"))
