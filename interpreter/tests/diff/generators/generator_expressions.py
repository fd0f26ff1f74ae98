g = (x * 2 for x in range(5))
print(type(g).__name__, next(g), list(g), list(g))
print(sum(x for x in range(101)))
print(list((x, y) for x in range(3) for y in range(x)))
print(list(x for x in range(20) if x % 3 == 0 if x % 2 == 0))
nested = ((i, j) for i in range(2) for j in "ab")
print(list(nested))
words = ["apple", "Bob", "cat"]
print(sorted(w.lower() for w in words))
print(max((len(w), w) for w in words))
x = 10
g = (x + i for i in range(3))
x = 20
print(list(g))
print(",".join(str(n) for n in (1, 2, 3)))
