# A builtin comparison method answers NotImplemented for an operand type it does not know
# (CPython: int.__gt__(float) does; the operator still compares through float's reflection).
print((3).__gt__(2.5), (3).__lt__(2.5), (3).__ge__(3.0), (3).__le__("a"))
print((3).__lt__(True), True.__gt__(0), (2.5).__lt__(3), (2.5).__ge__(2.5))
print("a".__lt__("b"), "a".__lt__(1), (1,).__lt__((2,)), (1,).__lt__([2]))
print([1].__lt__([2]), [1].__le__((1,)))
print(b"a".__lt__(bytearray(b"b")), bytearray(b"a").__lt__(b"b"))
print(3 > 2.5, 2.5 < 3, 3 <= 3.0, True < 2.5)
try:
    3 < "a"
except TypeError as e:
    print("TypeError", e)


# repr of a function shows its qualified name.
class A:
    def f(self):
        pass

    class B:
        def g(self):
            pass


def outer():
    def inner():
        pass

    return inner


def plain():
    pass


for fn in (A.f, A.B.g, outer(), plain, A().f.__func__):
    print(repr(fn).split(" at ")[0])
