# startswith/endswith with a start past the end, expandtabs(tabsize=), equal ranges hash
# alike, divmod of a class without __divmod__, duplicate base classes, dir() in a function.
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


t(lambda: ("hello".startswith("", 5), "hello".startswith("", 6), "hello".endswith("", 9)))
t(lambda: ("hello".startswith(("x", "")), "hello".endswith("lo", 3), "hello".startswith("lo", 3, 4)))
t(lambda: "hello".startswith(5, 9))
t(lambda: "tab\there".expandtabs(tabsize=2))
t(lambda: "a\tb".expandtabs(3))
t(lambda: hash(range(3)) == hash(range(0, 3)))
t(lambda: hash(range(0)) == hash(range(5, 5)))
t(lambda: hash(range(1, 2, 5)) == hash(range(1, 3, 7)))
t(lambda: {range(3): "r"}[range(0, 3, 1)])
t(lambda: len({range(0), range(2, 2), range(1, 1, -1)}))


class FloorOnly:
    def __floordiv__(self, o):
        return 1

    def __mod__(self, o):
        return 2


class DivMod:
    def __divmod__(self, o):
        return ("dm", o)

    def __rdivmod__(self, o):
        return ("rdm", o)


t(lambda: divmod(FloorOnly(), 2))
t(lambda: divmod(2, FloorOnly()))
t(lambda: divmod(DivMod(), 2))
t(lambda: divmod(2, DivMod()))
t(lambda: divmod(7, 2.0))
t(lambda: divmod(1 + 2j, 2))


class X:
    pass


try:

    class Twice(X, X):
        pass

except TypeError as e:
    print("TypeError", e)


class B(X):
    pass


try:

    class Bad(X, B):
        pass

except TypeError as e:
    print("TypeError", e)


def f(p, q=2):
    r = 3
    print(dir())
    print(sorted(vars()))


f(1)
