from collections import namedtuple, deque, OrderedDict, defaultdict, Counter
import heapq
P = namedtuple("P", "x, y", defaults=[0])
p = P(1)
print(p, P(1, 2), P._field_defaults, p._asdict(), isinstance(p, tuple), hash(p) == hash((1, 0)), p + (5,), P._make((3, 4)))
x, y = P(7, 8)
print(x, y, len(p), p.count(0), p.index(1), repr(P(x=1, y=[2])))
for bad in [lambda: P(), lambda: P(1, 2, 3), lambda: P(1, z=2), lambda: namedtuple("Q", "a a"), lambda: namedtuple("Q", "_a"), lambda: p._replace(z=1)]:
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__)
d = deque(maxlen=0)
d.append(1)
print(d, deque(), deque("abc"), deque(range(5), 3))
d = deque([1, 2, 3, 4, 5])
d.rotate(-2)
print(d, d[0], d[-1], d.index(5), 3 in d, d == deque([3, 4, 5, 1, 2]), list(reversed(d)))
d.extendleft([9, 8])
print(d, d.count(9), d.copy(), bool(deque()))
for bad in [lambda: deque().pop(), lambda: deque().popleft(), lambda: deque([1])[5], lambda: deque(maxlen=-1)]:
    try:
        bad()
    except (IndexError, ValueError) as e:
        print(type(e).__name__, e)
od = OrderedDict([("a", 1), ("b", 2), ("c", 3)])
od.move_to_end("a", last=False)
od.move_to_end("b")
print(od, od.popitem(), od, OrderedDict(), list(od.keys()))
dd = defaultdict(int)
for c in "hello":
    dd[c] += 1
print(sorted(dd.items()), dd.default_factory, defaultdict(list, {"a": [1]})["a"], "zz" in dd, isinstance(dd, dict))
try:
    defaultdict(None)["x"]
except KeyError as e:
    print("KeyError", e)
c = Counter(a=3, b=1)
c.update("aab")
c.subtract({"b": 5})
print(sorted(c.items()), c.most_common(1), c.total(), sorted(c.elements()), Counter(), Counter("aab"))
h = []
for v in [(2, "b"), (1, "a"), (3, "c"), (1, "z")]:
    heapq.heappush(h, v)
print([heapq.heappop(h) for _ in range(len(h))], heapq.nlargest(2, ["aa", "b", "cccc"], key=len), heapq.nsmallest(2, [3, 1, 2], key=lambda v: -v))
print(list(heapq.merge([1, 3], [2, 4], [0])), list(heapq.merge(["b", "d"], ["a", "c"], key=str.upper)), list(heapq.merge([3, 1], [4, 2], reverse=True)))
try:
    heapq.heappop([])
except IndexError as e:
    print("IndexError", e)
try:
    heapq.heapreplace([], 1)
except IndexError as e:
    print("IndexError", e)
