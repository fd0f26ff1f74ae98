# *x / **x in calls: CPython's messages name the callee
def f(*a, **k):
    return a, k
class C:
    def m(self, *a):
        return a
    @staticmethod
    def s(*a):
        return a
def outer():
    def inner(*a):
        return a
    return inner
class It:
    def __iter__(self):
        raise TypeError("raised inside __iter__")
class Seq:
    def __getitem__(self, i):
        if i < 3:
            return i * 10
        raise IndexError
class Mapping:
    def keys(self):
        return ["a", "b"]
    def __getitem__(self, k):
        return k.upper()
cases = [
    lambda: f(*5),
    lambda: print(*5),
    lambda: C().m(*5),
    lambda: C.s(*None),
    lambda: C(*5),
    lambda: len(*5),
    lambda: outer()(*1.5),
    lambda: (lambda *a: a)(*5),
    lambda: [].append(*5),
    lambda: f(*5, a=1),
    lambda: f(*[1], *5),
    lambda: f(1, *None),
    lambda: [*5],
    lambda: (1, *2),
    lambda: f(**5),
    lambda: f(**[1]),
    lambda: f(**{1: 2}),
    lambda: f(a=1, **{"a": 2}),
    lambda: f(**{"a": 1}, **{"a": 2}),
    lambda: f(**{"a": 1}, a=2),
    lambda: print(**{"sep": 1}, sep=2),
    lambda: C().m(**{"x": 1}, x=2),
    lambda: f(**Mapping(), a=3),
    lambda: f(*It()),
]
for c in cases:
    try:
        print(c())
    except TypeError as e:
        print("TypeError:", e)
print(f(*Seq()), f(*Seq(), **Mapping()), f(*"ab", *range(2), x=1, **{"y": 2}))
print(f(*(i for i in range(3))), f(**dict(a=1), b=2))
