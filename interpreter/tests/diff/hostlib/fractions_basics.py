from fractions import Fraction as F
import math
a = F(3, 4); b = F(-6, 8); c = F(5)
print(a, b, c, repr(a), repr(b))
print(a + b, a - b, a * b, a / F(1, 3), a // F(1, 3), a % F(1, 3), divmod(F(7, 2), 2))
print(a + 1, 1 + a, a * 2, 2 / a, a - 1, 1 - a, a ** 2, a ** -2, (-a) ** 3, 2 ** F(3))
print(a + 0.25, 0.5 * a, a ** 0.5, F(1, 2) ** F(1, 2))
print(F("3/4"), F(" -1.25 "), F("1e-3"), F("7"), F(0.1), F(1.5), F(F(2, 3)), F(F(1, 2), F(1, 3)))
print(F(0.1).limit_denominator(10), F(math.pi).limit_denominator(100), F(3, 7).limit_denominator(5))
print(a == F(6, 8), a == 0.75, a < 1, a > b, a <= F(3, 4), c == 5, F(1, 3) == 1 / 3, a != b)
print(hash(F(5)) == hash(5), hash(F(1, 2)) == hash(0.5), hash(F(-1)) == hash(-1))
print(float(a), int(F(-7, 2)), math.floor(F(-7, 2)), math.ceil(F(-7, 2)), round(F(5, 2)), round(F(7, 2)), round(F(22, 7), 2))
print(a.numerator, a.denominator, a.as_integer_ratio(), abs(b), -a, +a)
print(sum([F(1, n) for n in range(1, 7)]), sorted([F(1, 2), F(1, 3), 0.4, 1]))
print(bool(F(0)), bool(a), F(1, 3) * 3 == 1, f"{F(1, 3)}", str(F(10, 5)))
print({F(1, 2): 'half'}[F(2, 4)], max(F(1, 2), F(2, 3)), F.from_float(0.25))
for bad in ["abc", "1/0x", ""]:
    try:
        F(bad)
    except ValueError as e:
        print("ValueError", e)
try:
    F(1, 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
try:
    a / 0
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
