import math
print(math.pi, math.e, math.tau, math.inf, -math.inf)
print(math.sqrt(16), math.sqrt(2), math.pow(2, 10), math.exp(1), math.log(math.e), math.log(100, 10), math.log10(1000), math.log2(1024))
print(math.sin(0), math.cos(0), round(math.sin(math.pi / 2), 12), round(math.tan(math.pi / 4), 12))
print(math.atan2(1, 1), math.asin(1), math.acos(1), math.atan(1))
print(math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.5), math.floor(2), type(math.floor(2.5)).__name__)
print(math.fabs(-3), math.fmod(7, 3), math.fmod(-7, 3), math.copysign(3, -0.0), math.hypot(3, 4))
print(math.factorial(10), math.gcd(12, 18), math.gcd(0, 5), math.isqrt(17), math.comb(10, 3), math.perm(5, 2))
print(math.degrees(math.pi), math.radians(180), math.modf(3.75), math.frexp(8.0), math.ldexp(0.5, 4))
print(math.isclose(0.1 + 0.2, 0.3), math.isclose(1, 1.1), math.fsum([0.1] * 10), math.prod([1, 2, 3, 4]))
print(math.sinh(1), math.cosh(1), math.tanh(0.5), math.expm1(1e-10), math.log1p(1e-10))
for bad in [lambda: math.sqrt(-1), lambda: math.log(0), lambda: math.factorial(-1)]:
    try:
        bad()
    except ValueError as e:
        print("ValueError:", e)
print(math.nan != math.nan, math.isnan(math.nan), math.lcm(4, 6), math.erf(0), math.gamma(5))
