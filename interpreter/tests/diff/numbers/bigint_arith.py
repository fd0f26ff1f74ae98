a = 2 ** 100
b = 3 ** 70
print(a, b)
print(a + b, a - b, b - a, a * b)
print(a // b, a % b, b // 12345, b % 12345, divmod(b, a))
print(-a // 7, -a % 7, a // -7, a % -7)
print(a ** 3)
print(2 ** 1000 % 1000007, pow(3, 10 ** 6, 10 ** 9 + 7), pow(2, -1, 7))
print(abs(-a), -(-a) == a, a == 2 ** 100, a > b, a < b * b)
print(a >> 50, a << 20, (a - 1) & 0xFFFF, a | 1, a ^ (a - 1), ~a)
print(-a >> 3, -a & 0xFFFF, (-a) | 5)
print(int(str(b)) == b, len(str(2 ** 10000)), hex(a), oct(a), bin(2 ** 70))
print(sum(range(10 ** 6)), 10 ** 20 // 3, (10 ** 20) / 3)
n = 1
for i in range(1, 51):
    n *= i
print(n)
print(n.bit_length(), (255).bit_length(), (0).bit_length(), (-256).bit_length())
