print((2.5).is_integer(), (3.0).is_integer(), (0.5).as_integer_ratio(), (0.1).as_integer_ratio())
print((255.0).hex(), float.fromhex("0x1.8p1"), (1.0).hex())
print(int(1e10), int(-2.7), int(2.7), float("1_000.5"), float("  .5"), float("5."))
print(float("nan") != float("nan"), float("inf") == float("inf"))
import math
print(math.isnan(float("nan")), math.isinf(float("-inf")), math.isfinite(1.0))
print(float(True), float(7), float("-0"), -0.0 == 0.0, str(-0.0))
print(1.5.__add__(1), (2.0).real, (2.0).imag, (3.5).conjugate())
print(max(1.5, 2), min(-0.0, 0.0), sum([0.1] * 10))
try:
    int(float("inf"))
except OverflowError as e:
    print("OverflowError:", e)
try:
    int(float("nan"))
except ValueError as e:
    print("ValueError:", e)
try:
    1.0 / 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    2.0 ** 10000
except OverflowError as e:
    print("OverflowError:", e)
