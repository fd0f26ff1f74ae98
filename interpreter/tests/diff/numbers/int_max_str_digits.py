# CPython 3.11's limit on int <-> str conversions of more than 4300 decimal digits.
import sys
print(sys.get_int_max_str_digits())
big = 10 ** 4299
print(len(str(big)), len(repr(-big)), len(f"{big:d}"), len("%d" % big))
del big
for f in (lambda: str(10 ** 4300), lambda: repr(-(10 ** 4301)), lambda: f"{10 ** 4300:,}",
          lambda: "%d" % (2 ** 14300), lambda: int("1" * 4301), lambda: int("-" + "9" * 4301),
          lambda: int("1_" * 3000 + "1")):
    try:
        f()
        print("no error")
    except ValueError as e:
        print(type(e).__name__, e)
print(int("f" * 4400, 16) > 0, int("1" * 4400, 2) > 0)
print(int("1" * 4300) % 1000, str(10 ** 4300 - 1)[:5])
sys.set_int_max_str_digits(0)
print(len(str(10 ** 4400)), int("7" * 4400) % 100)
sys.set_int_max_str_digits(5000)
print(sys.get_int_max_str_digits(), len(str(10 ** 4999)))
try:
    str(10 ** 5000)
except ValueError as e:
    print(e)
for bad in (1, 639, -1):
    try:
        sys.set_int_max_str_digits(bad)
    except ValueError as e:
        print(bad, e)
sys.set_int_max_str_digits(640)
print(sys.get_int_max_str_digits())
print(int("f" * 4400, 16) > 0, int("1" * 4400, 2) > 0)
