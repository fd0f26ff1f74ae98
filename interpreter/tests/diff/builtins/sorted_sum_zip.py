print(sorted([3, 1, 2]), sorted("cba"), sorted({3: 0, 1: 0}), sorted((2, 1)), sorted([3, 1, 2], reverse=True))
print(sorted(["aa", "b", "ccc"], key=len), sorted([-3, 2, -1], key=abs), sorted([]))
print(sum([1, 2, 3]), sum([1.5, 2.5]), sum([], 0), sum(range(100)), sum([[1], [2]], []), sum((1, 2), 3))
print(list(zip([1, 2, 3], "abc")), list(zip([1], [])), list(zip(range(3), range(3, 6), range(6, 9))))
print(dict(zip("abc", range(3))))
try:
    sum(["a"])
except TypeError as e:
    print("TypeError:", e)
