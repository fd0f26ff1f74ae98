import copy
from collections import OrderedDict, defaultdict, deque, namedtuple
class A:
    def __init__(self):
        self.x = [1, 2]
        self.me = self
a = A()
b = copy.deepcopy(a)
print(b.me is b, b.x == a.x, b.x is a.x, type(b).__name__)
l = [1]
l.append(l)
m = copy.deepcopy(l)
print(m[1] is m, m is not l)
t = (1, [2])
print(copy.deepcopy(t) == t, copy.deepcopy(t) is t, copy.copy(t) is t)
class L(list):
    pass
ll = L([1, [2]])
c = copy.deepcopy(ll)
print(type(c).__name__, c, c[1] is ll[1])
class C:
    def __copy__(self):
        return "copied"
    def __deepcopy__(self, memo):
        return "deep"
print(copy.copy(C()), copy.deepcopy(C()))
print(copy.copy({1, 2}), copy.deepcopy(frozenset([1])), copy.copy(b"x"), copy.deepcopy(bytearray(b"ab")))
e = copy.deepcopy(ValueError("x", 1))
print(type(e).__name__, e.args)
f = copy.copy(len)
print(f is len, copy.deepcopy(print) is print)
def g(): pass
print(copy.deepcopy(g) is g, copy.copy(g) is g, copy.deepcopy([g])[0] is g)
