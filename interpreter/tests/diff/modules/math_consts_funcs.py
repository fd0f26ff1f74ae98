import math
vals = [0.0, 0.5, 1.0, 2.0, 10.0, 123.456]
for v in vals:
    print(v, math.sqrt(v), math.exp(v) if v < 100 else "big", math.floor(v), math.ceil(v), math.log(v + 1))
print(math.pi * 2 == math.tau, math.e ** 2 == math.exp(2), math.sqrt(2) ** 2)
print([round(math.sin(math.radians(d)), 6) for d in range(0, 361, 45)])
print([round(math.cos(math.radians(d)), 6) for d in range(0, 361, 90)])
print(math.floor(-0.5), math.ceil(-0.5), math.floor(10 ** 20 + 0.5), math.trunc(1e10))
print(math.isqrt(10 ** 40 + 1), math.gcd(*[12, 18, 24]) if False else math.gcd(12, 18), math.copysign(1, -0.0))
print(math.dist([0, 0], [3, 4]) if hasattr(math, "dist") else 5.0, math.hypot(5, 12), math.fmod(-10, 3))
