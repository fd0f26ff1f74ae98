# super().m() lookups: single inheritance, a diamond (the MRO after the class is not the
# next class's own), methods replaced between calls, static and class methods via super().

class A:
    def who(self):
        return "A"
    def tag(self):
        return "a"

class B(A):
    def who(self):
        return "B>" + super().who()

class C(A):
    def who(self):
        return "C>" + super().who()
    def tag(self):
        return "c"

class D(B, C):
    def who(self):
        return "D>" + super().who()
    def tag(self):
        return "d" + super().tag()

class E(B):
    def tag(self):
        return "e" + super().tag()

for obj in (B(), C(), D(), E()):
    print(type(obj).__name__, obj.who(), obj.tag())

# Replacing a method after a lookup: the next call sees the new one.
e = E()
print(e.tag())
A.tag = lambda self: "A2"
print(e.tag(), D().tag())
del A.tag
try:
    e.tag()
except AttributeError as ex:
    print("AttributeError", ex)
B.tag = lambda self: "B3"
print(e.tag())

class S:
    @staticmethod
    def st(x):
        return x * 2
    @classmethod
    def cm(cls):
        return cls.__name__
    def loop(self, n):
        return n

class T(S):
    @staticmethod
    def st(x):
        return super(T, T).st(x) + 1
    @classmethod
    def cm(cls):
        return "T:" + super().cm()
    def loop(self, n):
        total = 0
        for i in range(n):
            total += super().loop(i)
        return total

t = T()
print(T.st(5), t.st(6), T.cm(), t.cm(), t.loop(100))
