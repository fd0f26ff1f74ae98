print(int, len, print.__name__, type(len), type(None), type(...), type(NotImplemented), Ellipsis)
class A:
    def m(self): pass
print(A.m.__name__, A.m.__qualname__, type(A.m).__name__, type(A().m).__name__, A().m.__func__ is A.m, type(A().m.__self__).__name__)
print(str(type), repr(object), type(type), type(object), object.__name__, int.__mro__, bool.__mro__)
class MyInt(int):
    def __repr__(self): return f"MyInt({int(self)})"
x = MyInt(5); print(x, x + 1, type(x + 1).__name__, isinstance(x, int), MyInt("12"), str(x), f"{x}", x == 5, hash(x) == hash(5))
class MyStr(str):
    def shout(self): return self.upper() + "!"
s = MyStr("hi"); print(s.shout(), s + "x", type(s + "x").__name__, len(s), s[0], type(s[0]).__name__)
class MyList(list):
    def __init__(self, *a):
        super().__init__(*a)
        self.extra = 1
ml = MyList([3, 1]); ml.sort(); print(ml, ml.extra, type(ml[:]).__name__, ml == [1, 3])
class MyDict(dict):
    def __setitem__(self, k, v): super().__setitem__(k.lower(), v)
md = MyDict(); md["AB"] = 1; print(md, md.get("ab"))
print(complex(1, 2), (1+2j) * (3-1j), abs(3+4j), (1j) ** 2, complex("1+2j"), (2+0j).real, 1j.imag, -1j, 0j, complex(-0.0, -1))
print(int.__name__, (1).__class__, True.__class__.__name__, type(1.0).__mro__)
print(float.fromhex("0x1.8p1"), (1.5).hex(), float("1e500"), -float("inf"), 1e308 * 10, (0.1).__repr__())
print(7 .__add__(1), (7).__radd__(1), int.__add__(3, 4), (5).__truediv__(2), 5 .__eq__("a"), "a".__lt__("b"))
print(isinstance(True, int), True == 1, 1 + True, True * 3.0, ~True, -True, True << 2, True & False, True | 2)
print(bool.__name__, bool(0.0), bool(""), bool(" "), bool([0]), bool(None), int(True), str(False))
print(0.1 + 0.7, 3 * 0.1, 1.1 * 1.1, 1e-7, 12345678901234567890.0, 1.0e15, 1.0e16, 0.00001, 1.5e-5)
print(2 ** 64 - 1, -2 ** 64, (-2) ** 3, 2 ** 0.5 ** 2, 10 / 4, 10 // 4, -10 // 4, 10 % -4, -10 % 4, 3 ** -2)
print(int(2.5e15), int(-0.9), round(0.5), round(1.5), round(-0.5), round(2.5, 0), round(-1.25, 1), round(1e300), round(123.456, -1))
print(abs(-0.0), -0.0 == 0.0, float("-0.0"), 0.0 * -1, divmod(5.5, 2), 5.5 // 2, 5.5 % -2, 1e300 * 1e300, float('inf') - float('inf'))
print(max(float('nan'), 1), min(1, float('nan')), sorted([3, 1.5, 2]), 1/3 + 1/3 + 1/3 == 1.0)
print(255 .to_bytes(2, "little"), int.from_bytes(b"\xff\xff", "big", signed=True), (-1).to_bytes(1, "big", signed=True))
print(1_000_000, 0x_ff, 0o_7, 0b_1, 1e1_0, 10 ** 20 // 10 ** 10, 7 ** 77 % 1000, (1 << 100) >> 98, -(1 << 70) >> 3)
print((10 ** 50).bit_length(), int("9" * 40) + 1, str(-10 ** 25), abs(-10 ** 30), 10 ** 30 == 10.0 ** 30, hash(10 ** 30) == hash(10 ** 30))
print(format(10 ** 30, ","), f"{-10**22:e}", float(2 ** 100), 2 ** 100 / 2 ** 90, 2 ** 1000 // 3 ** 600, divmod(-10 ** 20, 7))
print(int("-  5".replace(" ", "")), int("+5"), float("+1.5e-3"), float("infinity"), float("-NaN") != 0, int(" 0b11 ", 0))
import math
print(math.pi, math.e, math.sqrt(2), math.floor(-2.5), math.ceil(2.1), math.trunc(-2.7), math.gcd(12, 18), math.factorial(20))
print(math.isclose(0.1 + 0.2, 0.3), math.inf, math.isnan(math.nan), math.log(math.e), math.log10(1000), math.log2(8), math.log(8, 2))
print(math.hypot(3, 4), math.copysign(1, -0.0), math.fabs(-2), math.fmod(-7, 3), math.modf(2.5), math.frexp(8), math.ldexp(0.5, 4))
print(math.degrees(math.pi), math.radians(180), math.sin(0), math.cos(0), math.atan2(1, 1), math.exp(1), math.pow(2, 10), math.comb(5, 2), math.perm(5, 2), math.prod([1, 2, 3]), math.isqrt(17), math.fsum([0.1] * 10))
try: math.sqrt(-1)
except ValueError as e: print(e)
try: math.log(0)
except ValueError as e: print(e)
try: int("1" * 5000)
except ValueError as e: print(str(e)[:60])
