class Countdown:
    def __init__(self, n): self.n = n
    def __iter__(self): return self
    def __next__(self):
        if self.n <= 0: raise StopIteration
        self.n -= 1
        return self.n + 1
print(list(Countdown(3)), sum(Countdown(4)), max(Countdown(5)), sorted(Countdown(3)))
it = iter([1, 2, 3]); print(next(it), list(it), next(it, "dflt"))
it = iter(lambda: 1, 1); print(list(it))
import itertools as itt
print(list(itt.chain([1], (2, 3))), list(itt.product("ab", repeat=2)), list(itt.permutations([1, 2, 3], 2))[:3])
print(list(itt.combinations("abcd", 2)), list(itt.accumulate([1, 2, 3, 4])), list(itt.repeat(7, 3)))
print([(k, list(g)) for k, g in itt.groupby("aaabbc")], list(itt.zip_longest([1, 2], "abc", fillvalue="-")))
print(list(itt.count(5, 2))[:0] if False else list(itt.islice(itt.count(5, 2), 4)), list(itt.starmap(pow, [(2, 3), (3, 2)])))
print(list(itt.compress("abcd", [1, 0, 1, 0])), list(itt.dropwhile(lambda x: x < 3, [1, 4, 1])), list(itt.filterfalse(None, [0, 1, 0, 2])))
def pipeline():
    nums = (x for x in range(10))
    evens = (x for x in nums if x % 2 == 0)
    sq = (x * x for x in evens)
    return list(sq)
print(pipeline())
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
print([x for _, x in zip(range(10), fib())])
g = fib(); print(type(g).__name__, hasattr(g, "__next__"), iter(g) is g)
def gen_ret():
    yield 1
    return "done"
g = gen_ret(); next(g)
try: next(g)
except StopIteration as e: print("ret", e.value, repr(e))
try: next(g)
except StopIteration as e: print("again", e.value)
def g2():
    yield from range(3)
    yield from "ab"
print(list(g2()))
def echo():
    received = []
    while True:
        x = yield len(received)
        if x is None: break
        received.append(x)
    yield received
e = echo(); next(e); e.send("a"); e.send("b"); print(e.send(None))
gen = (i for i in range(3)); print(gen.__next__(), list(gen))
try:
    def bad():
        yield 1
        raise StopIteration
    print(list(bad()))
except RuntimeError as ex: print("RuntimeError", ex)
d = {"b": 2, "a": 1}
for k in d: print(k, end=" ")
print()
for k, v in sorted(d.items()): print(k, v, end="; ")
print()
try:
    for k in d: d["c"] = 3
except RuntimeError as ex: print(ex)
l = [1, 2, 3]
for x in l:
    if x == 2: l.remove(x)
print(l)
r = range(10, 0, -3); print(list(r), r[1], r[-1], len(r), 4 in r, r.index(7), r, range(5)[1:3], reversed(range(3)).__class__.__name__)
print(list(enumerate(zip("ab", "cd"))), dict(zip("ab", range(2))), list(map(str.upper, "ab")))
print(any(x > 2 for x in [1, 2, 3]), all([]), any([]), sum(x for x in range(5)), min((3, 1), (2, 5)))
it = iter([1, 2]); print(list(zip(it, it)))
