f = frozenset([3, 1, 2, 3])
print(sorted(f), len(f), 2 in f, type(f).__name__)
g = frozenset("ab")
print(sorted(f | {9}), type(f | {9}).__name__, type({9} | f).__name__)
print(f == {1, 2, 3}, hash(f) == hash(frozenset({1, 2, 3})))
d = {f: "frozen key"}
print(d[frozenset([1, 2, 3])])
print({frozenset([1]), frozenset([1])}, frozenset())
try:
    f.add(4)
except AttributeError as e:
    print("AttributeError:", e)
print(sorted(f.union(g), key=str), f.issuperset([1]), sorted(f.copy()))
nested = {frozenset({1, 2}): 1}
print(frozenset({2, 1}) in nested)
