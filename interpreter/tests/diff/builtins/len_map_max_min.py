print(len([]), len("abc"), len({1: 2}), len({1, 2, 3}), len(range(10)), len(b"xy"), len((1,)))
print(list(map(len, ["a", "bb", "ccc"])), list(map(pow, [2, 3], [3, 2])), list(map(int, "123")))
print(max(1, 5, 3), max([1, 5, 3]), max("hello"), max([], default=None), max([1, 2], key=lambda x: -x))
print(min(4, 2, 8), min([4, 2, 8]), min("hello"), min([], default="empty"), min(["bb", "a", "ccc"], key=len))
print(max((1, "b"), (1, "a")), min([[2], [1, 5]]), max(range(10), key=lambda x: x % 4))
print(max(3, 3.0), min(3.0, 3), max([0, -0.0]))
try:
    min([])
except ValueError as e:
    print("ValueError:", e)
try:
    max(1, 2, key=5)
except TypeError as e:
    print("TypeError:", e)
