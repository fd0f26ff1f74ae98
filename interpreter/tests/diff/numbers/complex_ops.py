# complex: formatting, special methods, constructor edge cases, errors.
z = 1+2j
print(format(z), f"{z:>12}|", f"{z:.2f}", "{:g}".format(z), f"{-1.5j:e}", f"{z:<10}|", f"{z:^12}|", f"{z:+.1f}", f"{3j:.3}", f"{3+0j:.3}")
for spec in ["010", "=10", "d", "x"]:
    try:
        format(z, spec)
    except ValueError as e:
        print("ValueError", e)
print(z.__add__(1), (1j).__mul__(1j), (1j).__radd__(2), z.__eq__(z), complex.__name__, repr(complex), z.__class__)
print(1j in [1j], [1+0j].index(1), (1, 1j) == (1, 1j), sorted([2j, 1j], key=lambda c: c.imag))
print((1j).__eq__("a"), (1j).__add__("a"), hasattr(1j, "__float__"), hasattr(1j, "__lt__"))
import math
try:
    math.sqrt(1j)
except TypeError as e:
    print("TypeError", e)
print(str(complex(1, -0.0)), repr(complex(-0.0, 0.0)), complex(0.0, -0.0), complex(-0.0), complex(1j), complex(-1j, 2))
print(1e300 * 1e300j, (1e308+1e308j) * 10, (1e200+1e200j) ** 50)
print((-8) ** (1/3), (-1) ** 0.5, (-2.0) ** 1.5, 2 ** 0.5)


class Num:
    def __complex__(self):
        return 3+4j


class Flt:
    def __float__(self):
        return 2.5


class Idx:
    def __index__(self):
        return 7


class Bad:
    def __complex__(self):
        return 1


print(complex(Num()), complex(Flt()), complex(Idx()), complex(Flt(), Idx()))
try:
    complex(Bad())
except TypeError as e:
    print("TypeError", e)
for args in [(), (1, 2, 3)]:
    try:
        complex(*args)
        print("ok", args)
    except TypeError as e:
        print("TypeError", e)
try:
    complex(1, real=2)
except TypeError as e:
    print("TypeError", e)
try:
    complex(x=1)
except TypeError as e:
    print("TypeError", e)
d = {1j: "a", 2: "b", 2.0 + 0j: "c"}
print(d, d[1j], (2 + 0j) in d, 1j in {1j: 0})
print([complex(i, -i) for i in range(3)], sum(complex(i, i) for i in range(5)), -(-0j), +1j)
