print([x * x for x in range(10)])
print([x for x in range(20) if x % 3 == 0])
print([(x, y) for x in range(3) for y in range(3) if x != y])
print([[i * j for j in range(1, 4)] for i in range(1, 4)])
print([c.upper() for c in "hello" if c not in "l"])
matrix = [[1, 2, 3], [4, 5, 6]]
print([row[i] for i in range(3) for row in matrix])
print([[row[i] for row in matrix] for i in range(3)])
print([x if x % 2 else -x for x in range(6)])
print([v for row in matrix for v in row])
x = "outer"
print([x for x in "ab"], x)
print([i for i in range(3) for i in "xy"])
print([len(w) for w in "the quick brown fox".split()])
