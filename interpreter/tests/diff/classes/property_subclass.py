# A property subclass as a decorator (its setter/deleter copies are of the subclass), built
# with accessors, with its own __init__; a descriptor class's __set__/__delete__; __doc__ of an
# instance whose class has no docstring.
class P(property): pass
class A:
    @P
    def x(self): return 5
    @x.setter
    def x(self, v): print("set", v)
a = A(); print(a.x); a.x = 3
class P2(property):
    def __init__(self, f):
        super().__init__(f)
        self.extra = 1
class A2:
    @P2
    def y(self): return 7
print(A2().y, A2.__dict__['y'].extra)
class P3(property):
    pass
class A3:
    def _g(self): return self._v
    def _s(self, v): self._v = v * 2
    def _d(self): print("deleted")
    v = P3(_g, _s, _d, "the v")
a3 = A3(); a3.v = 4; print(a3.v, type(A3.__dict__['v']).__name__, A3.__dict__['v'].__doc__)
del a3.v
class Ro(property): pass
class A4:
    @Ro
    def r(self): return 1
try:
    A4().r = 2
except AttributeError as e:
    print("AttributeError")
print(isinstance(A4.__dict__['r'], property), A4.r is A4.__dict__['r'])
class Desc:
    def __get__(self, obj, cls): return "got"
    def __set__(self, obj, v): print("Desc set", v)
    def __delete__(self, obj): print("Desc delete")
class HasDesc:
    d = Desc()
h = HasDesc(); h.d = 1; print(h.d); del h.d
class NoDoc: pass
class WithDoc:
    "documented"
print(NoDoc().__doc__, WithDoc().__doc__)
print(A4().__doc__ is None, A2.__dict__["y"].fget(None))
