a = {1, 2, 3, 4}
b = {3, 4, 5}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(a ^ b))
print(sorted(a.union(b, [9])), sorted(a.intersection(b)), sorted(a.difference(b)), sorted(a.symmetric_difference(b)))
print(a <= b, {3} <= a, {3} < a, a < a, a >= {1}, a > a, a.issubset(a), a.issuperset({1, 2}), a.isdisjoint({9}))
s = set()
s.add(1); s.add(1); s.add(2)
print(sorted(s), len(s))
s.discard(5); s.discard(1)
print(s)
try:
    s.remove(42)
except KeyError as e:
    print("KeyError:", e)
s.update([5, 6], (7,))
print(sorted(s))
p = s.pop()
print(p in s, len(s))
s.clear()
print(s, set("hello") == set("olleh"), sorted(set("hello")))
c = {1, 2, 3}
c &= {2, 3, 4}; print(sorted(c))
c |= {9}; print(sorted(c))
c -= {2}; print(sorted(c))
c ^= {3, 10}; print(sorted(c))
c.intersection_update([9, 10, 11]); print(sorted(c))
c.difference_update([9]); print(c)
print({1, 2} == {2, 1}, {1} != {1.0}, set() == set(), {()})
try:
    {[1]}
except TypeError as e:
    print("TypeError:", e)
