class A:
    def who(self): return "A"
    @classmethod
    def make(cls): return cls()
    @staticmethod
    def st(): return __class__
class B(A):
    def who(self): return "B" + super().who()
    @staticmethod
    def st2():
        return __class__.__name__
    def nested(self):
        def inner():
            return __class__.__name__
        return inner()
    def lam(self):
        return (lambda: super(B, self).who())()
class C(A):
    def who(self): return "C" + super().who()
class D(B, C):
    def who(self): return "D" + super().who()
print(D().who(), [k.__name__ for k in D.__mro__], type(D.make()).__name__)
print(A.st().__name__, B.st2(), B().nested(), B().lam())
print(D.__bases__, D.__name__, D.__qualname__, D.__module__, A.__dict__['who'].__name__)
print(isinstance(D(), A), issubclass(D, (int, C)), type(D()) is D, D.__base__ if hasattr(D, "__base__") else "")
class Cnt:
    instances = 0
    def __new__(cls, *a):
        cls.instances += 1
        return super().__new__(cls)
    def __init__(self, v): self.v = v
x = Cnt(1); y = Cnt(2); print(Cnt.instances, x.v, y.v)
class Singleton:
    _inst = None
    def __new__(cls):
        if cls._inst is None:
            cls._inst = super().__new__(cls)
        return cls._inst
print(Singleton() is Singleton())
class Attr:
    def __init__(self): self.real = 1
    def __getattr__(self, name): return f"dyn_{name}"
    def __setattr__(self, name, value):
        print("set", name, value)
        object.__setattr__(self, name, value)
    def __delattr__(self, name):
        print("del", name)
        object.__delattr__(self, name)
a = Attr(); print(a.real, a.other); a.z = 5; del a.z; print(getattr(a, "q"), hasattr(a, "anything"))
class GA:
    def __getattribute__(self, name):
        if name == "secret": return 42
        return object.__getattribute__(self, name)
g = GA(); g.v = 1; print(g.secret, g.v)
class Container:
    def __init__(self, d): self.d = list(d)
    def __len__(self): return len(self.d)
    def __getitem__(self, i):
        if isinstance(i, slice): return Container(self.d[i])
        return self.d[i]
    def __setitem__(self, i, v): self.d[i] = v
    def __delitem__(self, i): del self.d[i]
    def __contains__(self, v): return v in self.d
    def __repr__(self): return f"Container({self.d})"
    def __reversed__(self): return iter(self.d[::-1])
c = Container(range(6)); c[0] = 99; del c[1]; print(c, len(c), c[1:3], c[::-1], 3 in c, 1 in c, list(reversed(c)))
print(list(c), [v for v in c], sum(c))  # iteration via __getitem__
class Seq:
    def __getitem__(self, i):
        if i > 3: raise IndexError
        return i * i
print(list(Seq()), 9 in Seq())
