# Class calls the dispatch loop instantiates itself (plain class, object's __new__, a plain
# __init__) next to the ones it leaves to the general path; and many class/name pairs in one
# loop (the attribute cache's sets).
class A:
    def __init__(self, x, y=2):
        self.x = x
        self.y = y


a = A(1)
print(a.x, a.y, A(3, 4).y, A(y=5, x=6).x)


class B:
    def __init__(self):
        return 5


try:
    B()
except TypeError as e:
    print("TypeError:", e)


class C:
    def __new__(cls, *a):
        print("new", a)
        return super().__new__(cls)

    def __init__(self, v):
        self.v = v


print(C(7).v)


class M(type):
    def __call__(cls, *a):
        print("meta call", a)
        return super().__call__(*a)


class D(metaclass=M):
    def __init__(self, q):
        self.q = q


print(D(9).q)
for args in [(), (1, 2, 3)]:
    try:
        A(*args)
    except TypeError as e:
        print("TypeError:", e)


def deep(n):
    return A(deep(n + 1))


try:
    deep(0)
except RecursionError:
    print("RecursionError")


class E:
    def __init__(self, *args):
        self.args = args


class F(list):
    def __init__(self, n):
        super().__init__(range(n))


class G:
    pass


class H(A):
    pass


print(E(1, 2).args, F(3), type(G()).__name__, H(8).x)


def gen_init(self):
    yield 1


class K:
    __init__ = gen_init


try:
    K()
except TypeError as e:
    print("TypeError:", e)

# Twelve classes with six attributes each, read in turn: more hot pairs than two ways hold.
classes = []
for i in range(12):
    ns = {"__init__": lambda self, i=i: [setattr(self, n, i) for n in "abcdef"] and None}
    classes.append(type("T%d" % i, (), ns))
objs = [c() for c in classes]
total = 0
for _ in range(200):
    for o in objs:
        total += o.a + o.b + o.c + o.d + o.e + o.f
print(total)
