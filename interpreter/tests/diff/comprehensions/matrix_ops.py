def transpose(m):
    return [list(r) for r in zip(*m)]
def mul(a, b):
    return [[sum(x * y for x, y in zip(r, c)) for c in zip(*b)] for r in a]
a = [[1, 2], [3, 4], [5, 6]]
b = [[7, 8, 9], [10, 11, 12]]
print(transpose(a))
print(mul(a, b))
ident = [[1 if i == j else 0 for j in range(3)] for i in range(3)]
print(ident)
print(sum(sum(r) for r in mul(a, b)))
print([sum(col) for col in zip(*a)])
flat = [x for row in a for x in row]
print(flat, [flat[i:i + 3] for i in range(0, len(flat), 3)])
