x = 7 ** 500
print(x)
print(len(str(x)), x % 10 ** 12)
y = 123456789 ** 20
print(y)
print(2 ** 4096 // 3 ** 2000)
z = (10 ** 50 + 1) * (10 ** 50 - 1)
print(z, z == 10 ** 100 - 1)
import math
print(math.factorial(100))
print(math.gcd(2 ** 200, 6 ** 100), math.isqrt(10 ** 100), math.isqrt(2 ** 127 - 1))
print(int("9" * 200) + 1 == 10 ** 200)
print(-(2 ** 200) // 3, (-(2 ** 200)) % 3)
print(float(2 ** 100), int(1e20), int(-1.5e19), int(2.0 ** 80))
print(2 ** 64 - 1, -(2 ** 63), 2 ** 63, 2 ** 31 - 1, 2 ** 62 + 2 ** 62)
