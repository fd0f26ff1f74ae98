class A:
    def hello(self):
        return "A.hello"
class B(A):
    def hello(self):
        return "B+" + super().hello()
    def explicit(self):
        return super(B, self).hello()
print(B().hello(), B().explicit())
class C:
    def __init__(self):
        self._v = 0
    def getv(self):
        return self._v
    def setv(self, v):
        self._v = v * 2
    v = property(getv, setv)
    @staticmethod
    def util(x):
        return x + 1
    @classmethod
    def create(cls):
        return cls()
c = C()
c.v = 5
print(c.v, C.util(1), c.util(2), type(C.create()).__name__)
sm = staticmethod(lambda: "sm")
cm = classmethod(lambda cls: cls.__name__)
class D:
    s = sm
    c = cm
print(D.s(), D.c(), D().c())
