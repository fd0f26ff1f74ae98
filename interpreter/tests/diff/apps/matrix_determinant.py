from_fractions = False
def det(m):
    n = len(m)
    if n == 1:
        return m[0][0]
    if n == 2:
        return m[0][0] * m[1][1] - m[0][1] * m[1][0]
    total = 0
    for c in range(n):
        minor = [row[:c] + row[c + 1:] for row in m[1:]]
        total += (-1) ** c * m[0][c] * det(minor)
    return total
def gauss_det(m):
    a = [list(map(float, r)) for r in m]
    n = len(a)
    d = 1.0
    for i in range(n):
        p = max(range(i, n), key=lambda r: abs(a[r][i]))
        if abs(a[p][i]) < 1e-12:
            return 0.0
        if p != i:
            a[i], a[p] = a[p], a[i]
            d = -d
        d *= a[i][i]
        for r in range(i + 1, n):
            f = a[r][i] / a[i][i]
            for c in range(i, n):
                a[r][c] -= f * a[i][c]
    return d
ms = [
    [[2]],
    [[1, 2], [3, 4]],
    [[6, 1, 1], [4, -2, 5], [2, 8, 7]],
    [[1, 2, 3], [4, 5, 6], [7, 8, 9]],
    [[3, 2, 0, 1], [4, 0, 1, 2], [3, 0, 2, 1], [9, 2, 3, 1]],
]
for m in ms:
    print(len(m), det(m), round(gauss_det(m), 6))
hilbert = [[10 ** 6 // (i + j + 1) for j in range(5)] for i in range(5)]
print(det(hilbert))
