# Arbitrary-precision integers: digits of pi by a spigot (Gibbons' unbounded algorithm), factorials, powers.
DIGITS = 2500

def pi_digits(n):
    q, r, t, k, m, x = 1, 0, 1, 1, 3, 3
    out = []
    while len(out) < n:
        if 4 * q + r - t < m * t:
            out.append(m)
            q, r, m = 10 * q, 10 * (r - m * t), (10 * (3 * q + r)) // t - 10 * m
        else:
            q, r, t, k, m, x = q * k, (2 * q + r) * x, t * x, k + 1, (q * (7 * k + 2) + r * x) // (t * x), x + 2
    return "".join(map(str, out))

def factorial(n):
    f = 1
    for i in range(2, n + 1):
        f *= i
    return f

digits = pi_digits(DIGITS)
f = factorial(1200)
p = pow(3, 4000) - pow(2, 6000)
print("bigint", digits[:20], digits[-10:], len(str(f)), f % 1000000007, p % 998244353, p.bit_length())
