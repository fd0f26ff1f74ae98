# x == x asks x.__eq__ (containers still take identity first); default reprs use the
# qualified name; deleting a property without a deleter.
class Never:
    def __eq__(self, other):
        return False


n = Never()
print(n == n, n != n, n in [n], [n] == [n], (n,) == (n,))


class Always:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


a = Always()
print(a == a, a != a, a == 5, a != 5)


class Outer:
    class Inner:
        class Deepest:
            pass


r = repr(Outer.Inner())
print(r[: r.index(" at ")])
r = repr(Outer.Inner.Deepest())
print(r[: r.index(" at ")])
print(Outer.Inner, Outer.Inner.Deepest, Outer)


def make():
    class Local:
        pass

    return Local


r = repr(make()())
print(r[: r.index(" at ")], make())


class Prop:
    @property
    def x(self):
        return 1


try:
    del Prop().x
except AttributeError as e:
    print("AttributeError", e)
try:
    Prop().x = 2
except AttributeError as e:
    print("AttributeError", e)
