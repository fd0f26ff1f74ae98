for a, b in [(12, 10), (0, 5), (-1, 255), (-12, 10), (2 ** 40, 2 ** 40 - 1), (-(2 ** 70), 12345)]:
    print(a & b, a | b, a ^ b, ~a, a << 3, a >> 2)
print(1 << 0, 1 << 64, (1 << 64) >> 63, -1 >> 100, 5 >> 100)
try:
    1 << -1
except ValueError as e:
    print("ValueError:", e)
x = 0
for bit in [0, 3, 5]:
    x |= 1 << bit
print(x, bin(x), [i for i in range(8) if x & (1 << i)])
print(bin(0b1010 ^ 0b0110), f"{0xAB:08b}", (0xF0 >> 4) & 0x3)
def popcount(n):
    c = 0
    while n:
        n &= n - 1
        c += 1
    return c
print([popcount(v) for v in [0, 1, 255, 2 ** 100 - 1, 12345]], (255).bit_count())
