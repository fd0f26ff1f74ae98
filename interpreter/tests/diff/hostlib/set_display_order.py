# Sets of numbers show and iterate in CPython's order (its hash table's), not insertion order.
print({3, 1, 2}, set([5, 4, 3]), {10, 2, 33, 1}, {3, 1, 2} - {1}, {3, 2, 1} | {0}, {100, 7, 64})
s = {3, 1, 2}
s.add(4)
print(s, s - {1}, s.pop(), s)
print({1.5, 0.5}, {True, 2, 0}, {x * x for x in [3, 1, 2, -4]}, set(range(20, 0, -3)))
for x in {9, 8, 7, 1000, 16}:
    print(x, end=" ")
print()
print(list({30, 20, 10}), tuple({1, 33, 65}), [*{8, 0}], frozenset([9, 3]), {i % 7 for i in range(100, 120)})
s = set()
for i in [50, 40, 30, 20, 10, 5, 1]:
    s.add(i)
print(s, len(s), set([2**40, 5, -3]), {-1, -2, -3})
print({n for n in range(100, 0, -7)}, set(reversed(range(40))))
