class A:
    def who(self):
        return "A"
class B(A):
    def who(self):
        return "B>" + super().who()
class C(A):
    def who(self):
        return "C>" + super().who()
class D(B, C):
    def who(self):
        return "D>" + super().who()
print(D().who())
print([k.__name__ for k in D.__mro__])
print([k.__name__ for k in D.mro()])
class X: pass
class Y: pass
class Z(X, Y): pass
class W(Y): pass
class V(Z, W): pass
print([k.__name__ for k in V.__mro__])
try:
    class Bad(X, Z): pass
except TypeError as e:
    print("TypeError:", e)
class M1:
    def f(self): return "M1"
class M2:
    def f(self): return "M2"
    def g(self): return "M2.g"
class Both(M1, M2): pass
print(Both().f(), Both().g())
