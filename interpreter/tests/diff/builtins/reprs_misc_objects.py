import sys


def cut(x):
    return repr(x).split(" at ")[0]


print(cut(map(str, [1])), cut(zip([1])), cut(enumerate([1])), cut(filter(None, [1])))
print(cut(iter([1])), cut(reversed([1])), cut(iter(range(3))), cut(iter("ab")))
print(cut(staticmethod(len)), cut(classmethod(len)))
l = []
print(cut(l.append), cut({}.get), cut("".join), cut((5).bit_length), cut(dict.fromkeys))
print(repr(sys))


class C:
    def m(self):
        pass


print(cut(C().m).split(" of ")[0])


class W:
    def __init__(self):
        self.parts = []

    def write(self, s):
        self.parts.append(s)


w = W()
print(1, "a", None, sep="--", end="!\n", file=w)
print(file=w)
print("x", file=w, end="")
print("p", "q", sep="", file=w)


class Bad:
    def __str__(self):
        raise ValueError("no str")


try:
    print("before", Bad(), "after", file=w)
except ValueError as e:
    print("ValueError", e)
print(w.parts)
