# int / int is rounded once from the exact quotient (not from two rounded floats), float(int)
# rounds to nearest-even, and a float's repr is the shortest string nearest to its value.

print(10**400 / 10**399, 10**400 / -(10**398), -(10**500) / 10**500)
print(9007199254740993 / 3, (2**64 + 1) / 3, (2**53 + 1) / 2, (2**54 + 3) / 4)
print(2**1100 // 3 / 2**1000, 123456789 * 10**300 / 10**300)
for a, b in [(10**400, 3), (-(10**400), 7), (2**1024, 1), (2**1100, 2**76)]:
    try:
        print(a / b)
    except OverflowError as e:
        print("OverflowError", e)
print((2**1024 - 1) // 2**971 * 2**971 / 1 == 1.7976931348623157e308)
try:
    float(10**400)
except OverflowError as e:
    print("OverflowError", e)
# Results near and below the smallest subnormal.
for k in (1070, 1073, 1074, 1075, 1076, 1100):
    print(k, 1 / 2**k, 3 / 2**k, (2**60 - 1) / 2**(k + 60), 1 / (2**k + 1))
print(0 / -5, 0 / 10**30, -0 / 7, 1 / 10**400, -1 / 10**400)
# float(int) past 2**64, halfway cases included.
for n in (2**64 + 2**11, 2**64 + 2**11 + 1, 2**64 + 3 * 2**11, 2**80 - 1, -(2**70 + 2**17),
          123456789012345678901234567890, 2**1023 * 3 // 2):
    print(float(n), n / 1, float(n) == n)
# Shortest reprs that fall halfway between two candidates.
print(18457761627699.8125, 1443934501802940.25, -1307654639536667.25, 0.5, 2.5e-5)
print([x / 8 + 1e13 for x in range(8)])
