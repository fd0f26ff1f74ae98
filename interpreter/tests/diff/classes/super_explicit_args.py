# super(type, obj) with explicit arguments: instances, classes and metaclass instances, and
# the TypeError when obj is neither an instance nor a subclass of type.
class A:
    def f(self): return "A"
    @classmethod
    def c(cls): return "Ac " + cls.__name__
class B(A):
    def f(self): return "B" + super(B, self).f()
    @classmethod
    def c(cls): return super(B, cls).c() + "!"
print(B().f(), B.c(), super(B, B()).f(), type(super(A, B)).__name__)
class M(type): pass
class X(metaclass=M):
    pass
print(type(super(M, X)).__name__)
for bad in [(A, B), (B, A()), (B, 1), (int, "x")]:
    try: super(*bad); print("ok")
    except TypeError as e: print("TypeError", e)
