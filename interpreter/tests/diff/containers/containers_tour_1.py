a = [5, 3, 8, 1]
a.sort(); print(a); a.reverse(); print(a)
print(a[::2], a[1::2], a[::-2], a[10:], a[-10:2], a[1:-1])
a[1:3] = [9, 9, 9]; print(a); a[::2] = [0, 0, 0] if len(a[::2]) == 3 else [0, 0]; print(a)
del a[::2]; print(a); del a[0]; print(a)
try: a[::2] = [1, 2, 3]
except ValueError as e: print(e)
b = list(range(10)); b[2:5] = []; print(b, b.count(9), b.index(9))
x = [[0] * 2] * 2; x[0][0] = 1; print(x)
y = [[0] * 2 for _ in range(2)]; y[0][0] = 1; print(y)
t = (1, 2, 3); print(t + (4,), t * 2, t[1:], t.count(1), (1,) == (1,), (1, 2) < (1, 3), tuple("ab"))
d = dict(a=1, b=2); d.update(c=3); d |= {"d": 4}; print(d, d | {"e": 5}, list(d.keys()), list(d.values()))
print(d.setdefault("a", 9), d.setdefault("z", 0), d.pop("z"), d.pop("q", None), d.popitem(), d.get("x"), "a" in d)
print({1: "a", True: "b", 1.0: "c"}, dict.fromkeys("ab", 0), {k: v for k, v in [(1, 2)]})
dd = {}; dd[(1, 2)] = 3; dd[frozenset([1])] = 4; print(dd)
s = {1, 2, 3}; s2 = {3, 4}
print(s | s2, s & s2, s - s2, s ^ s2, s <= {1, 2, 3, 4}, s.isdisjoint(s2), s.issuperset({1}))
s.add(5); s.discard(9); s.update([6, 7]); print(sorted(s), len(s), frozenset([1, 2]) == {1, 2})
print(set(), frozenset(), {1}, repr(set([3])), sorted({3, 1, 2}), set("aab") == {"a", "b"})
from collections import OrderedDict, defaultdict, Counter, namedtuple, deque
