it = iter([1, 2, 3])
print(next(it), next(it), next(it), next(it, None))
it2 = iter("ab")
print(list(it2), list(it2))
d = iter({"x": 1, "y": 2})
print(next(d), next(d))
class Counter:
    def __init__(self):
        self.n = 0
    def __call__(self):
        self.n += 1
        return self.n
print(list(iter(Counter(), 4)))
try:
    next(iter([]))
except StopIteration:
    print("StopIteration")
try:
    next([1])
except TypeError as e:
    print("TypeError:", e)
r = iter(range(3))
print(type(r).__name__ in ("range_iterator", "iterator"), list(r))
