found = None
for i in range(2, 50):
    for j in range(2, i):
        if i % j == 0:
            break
    else:
        if i > 40:
            found = i
            break
print("first prime > 40:", found)
grid = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
total = 0
for row in grid:
    for v in row:
        if v % 2 == 0:
            continue
        total += v
print(total)
i = 0
out = []
while i < 5:
    j = 0
    while j < 5:
        if j > i:
            break
        out.append(i * 10 + j)
        j += 1
    i += 1
print(out)
def find(target):
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            if v == target:
                return r, c
    return None
print(find(6), find(10))
