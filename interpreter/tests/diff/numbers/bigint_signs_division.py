# Big-int arithmetic on operands read in place: every sign combination of + - * // % with
# big and small operands, floor rounding with and without a remainder, products of one limb
# and many, and comparisons of ints with ints and floats (exact up to 2**53, rounded past it).
B = [10**30, 2**64, 2**64 - 1, 2**32 + 1, 7**40 + 12345]
S = [1, 3, 10, 2**32 - 1, 2**40 + 3, 2**63 - 1]
V = B + S + [0]
for a in V:
    for b in V:
        for x, y in ((a, b), (-a, b), (a, -b), (-a, -b)):
            line = [x + y, x - y, x * y]
            if y:
                line += [x // y, x % y, *divmod(x, y)]
            # Residues keep the output short; any wrong digit or sign changes them.
            print(*[v % 1000000007 for v in line], x * y < 0, x // y < 0 if y else '-')
# Exact multiples (no remainder) keep the truncated quotient in every sign combination.
for m in (2**70, 3**45, 10**25):
    for d in (3, 2**33, 10**12, -7, -(2**40)):
        p = m * d
        print(p // d == m, p % d, (-p) // d, (-p) % d, p // -d, p % -d)
# Remainders next to zero and next to the divisor.
n = 2**100
for d in (n - 1, n, n + 1, 2**50, 2**50 + 1):
    print(n // d, n % d, -n // d, -n % d, n // -d, n % -d, (n - 1) // d, (n + 1) % d)
# One limb times many: the first row of the product, carries all the way up.
print((2**32 - 1) * (2**256 - 1), (2**64 - 1) * (2**64 - 1), (-(2**32 - 1)) * (2**96 + 1))
print(0 * 2**100, 2**100 * 0, -(2**100) * 0, (2**100 - 2**100) * 5)
# Overflow out of small ints and back.
big = 2**62
print(big * 2, big * 4 // 8, (big * 4) - (big * 4), -(big * 2) - 1, (big * 2 + big * 2) // 4)
print(type(2**64 - 2**64 + 1).__name__, (2**64 + 5) - 2**64, (2**64 + 5) % 2**64)
# Comparisons: int with int, int with float.
for x in (2**53 - 1, 2**53, 2**53 + 1, -(2**53), 2**63, -(2**63), 2**100, 0, 5, -5):
    for f in (float(2**53), 2.0**53 + 2, -(2.0**53), 1e30, -1e30, 5.0, 5.5, -5.5, 0.0, -0.0,
              float('inf'), float('-inf'), float('nan')):
        print(x < f, x <= f, x == f, x != f, x > f, x >= f, f < x, f == x, end=' ')
    print()
for x in B:
    print(x < x + 1, x + 1 > x, -x < x, -x < -x + 1, x == x * 1, x < 2**200, -x > -(2**200))
print(sorted([2**70, -(2**70), 3, -3, 2**64, 0.5, -1e25, 1e25, 2**65 - 1]))
print(max(2**70, 2**70 + 1, 1e21), min(-(2**70), -1e22, 5))
