a = [1, 2, 3]
print(a + [4], a * 2, [0] * 3, 2 in a, a == [1, 2, 3], a < [1, 3], len(a))
print(a[0], a[-1], a[1:], a[::-1])
a[0] = 10; print(a)
a[1:2] = [20, 21, 22]; print(a)
del a[0]; print(a)
nested = [[1, 2], [3, [4, 5]]]
print(nested[1][1][0], len(nested))
b = a
b.append("shared")
print(a)
c = a[:]
c.append("copy")
print(a, c)
print(list(), list("abc"), list(range(3)), list((1, 2)), list({"k": 1}))
print([1, [2, 3]] == [1, [2, 3]], [1, 2] != [2, 1])
try:
    a[100]
except IndexError as e:
    print("IndexError:", e)
try:
    a[100] = 1
except IndexError as e:
    print("IndexError:", e)
try:
    a["x"]
except TypeError as e:
    print("TypeError:", e)
grid = [[0] * 3] * 2
grid[0][0] = 1
print(grid)
print(sorted([3, 1, 2]), a.__len__(), min([4, 2, 8]), max([[1, 2], [1, 3]]))
