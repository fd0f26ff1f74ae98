# The special methods builtin values inherit from object give the builtin's own repr,
# str and format, as CPython's type slots do.
print((0.1).__repr__(), (1).__repr__(), "a".__repr__(), [1, "x"].__repr__())
print({1: 2}.__repr__(), (1,).__repr__(), b"x".__repr__(), None.__repr__(), True.__repr__())
print((0.5).__str__(), (2).__str__(), "q".__str__(), [1].__str__(), (1.5).__format__(".2f"))
print((3).__format__("05"), "s".__format__(">3"), (7).__format__(""), float.__repr__(2.5))
print(int.__repr__(3), str.__repr__("x"), list.__repr__([2]), object.__str__(4.0))


class A:
    def __repr__(self):
        return "A!" + super().__repr__()[:10]


print(repr(A()), object.__repr__(A())[:18], str(A()))


class S(str):
    pass


class F(float):
    def __repr__(self):
        return "F(" + super().__repr__() + ")"


print(S("hi").__str__(), S("hi").__repr__(), F(1.5), str(F(2.0)), F(0.25).__format__(".1%"))
print(format(F(3.0), ">6"), f"{S('ab'):*^6}")


class P:
    def __init__(self, v):
        self.v = v

    def __pow__(self, e, mod=None):
        return P(pow(self.v, e, mod))

    def __repr__(self):
        return f"P({self.v})"


print(pow(P(3), 4), pow(P(3), 4, 5), P(2) ** 10)
try:
    pow(3, P(2), 5)
except TypeError as e:
    print(type(e).__name__, e)


class Base:
    pass


class C1(Base):
    pass


class C2(Base):
    pass


class C3(C1):
    pass


print(Base.__subclasses__(), C1.__subclasses__(), C3.__subclasses__())
print([c.__name__ for c in Base.__subclasses__()])
