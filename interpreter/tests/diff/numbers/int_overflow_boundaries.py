vals = [2 ** 29, 2 ** 30, 2 ** 31, 2 ** 32, 2 ** 62, 2 ** 63, 2 ** 64]
for v in vals:
    for w in (v - 1, v, v + 1, -v - 1, -v, -v + 1):
        print(w, w * 3, w + w, w // 7, w % 7, w * w, -w, w >> 1, w << 1)
m = 2 ** 63 - 1
print(m + 1, m * 2, m * m, -m - 1 - 1, (m + 1) // 2 == 2 ** 62)
x = 1
for _ in range(100):
    x = x * 3 + 1
print(x)
while x > 1:
    x //= 7
print(x)
print(abs(-2 ** 63), -(-2 ** 63), (-2) ** 63, (-2) ** 64)
