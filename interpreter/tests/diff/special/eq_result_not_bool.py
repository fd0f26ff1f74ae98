# `==` gives back what a Python __eq__ returns (CPython makes no bool of it); `!=` without
# __ne__ negates it; containers and `in` still take its truth.


class Vec:
    def __init__(self, *xs):
        self.xs = list(xs)

    def __eq__(self, other):
        if not isinstance(other, Vec):
            return NotImplemented
        return [a == b for a, b in zip(self.xs, other.xs)]

    def __repr__(self):
        return "Vec(%s)" % ", ".join(map(str, self.xs))


class Sym:
    def __init__(self, name):
        self.name = name

    def __eq__(self, other):
        return "(%s == %r)" % (self.name, other)

    def __repr__(self):
        return self.name


class Declines:
    def __eq__(self, other):
        return NotImplemented


print(Vec(1, 2, 3) == Vec(1, 0, 3))
print(Vec(1) == 5, 5 == Vec(1))
print(Vec(1) != Vec(2))
print(Sym("x") == 3)
print(3 == Sym("y"))
print(Sym("a") == Sym("b"))
print(Sym("z") != 1)
d = Declines()
print(d == d, d == Declines(), d == 1, 1 == d)
print(Sym("k") in [1, 2], [Sym("k")] == [0])
r = Vec(1, 2) == Vec(1, 2)
print(type(r).__name__, r)
if Sym("q") == 0:
    print("truthy str")
print(Vec(1) == None, None == Vec(1))
