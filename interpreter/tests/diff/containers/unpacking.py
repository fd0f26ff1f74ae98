a, b, *c = range(6)
print(a, b, c)
*a, b = [1]
print(a, b)
(a, b), (c, d) = "ab", [1, 2]
print(a, b, c, d)
for x, *rest in [(1, 2, 3), (4,)]:
    print(x, rest)
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    a, b, c = [1, 2]
except ValueError as e:
    print("ValueError:", e)
try:
    a, *b, c = [1]
except ValueError as e:
    print("ValueError:", e)
try:
    a, b = 5
except TypeError as e:
    print("TypeError:", e)
k1, k2 = {"x": 1, "y": 2}
print(k1, k2)
first, *_, last = "hello"
print(first, last)
print(*range(3), *"ab")
print([*range(2), *[9]], (*"xy",), {*"aa", "b"} == {"a", "b"}, {**{1: 2}, 3: 4})
