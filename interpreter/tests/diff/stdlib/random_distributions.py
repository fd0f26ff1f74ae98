# random's distributions beyond MicroPython's set (gauss, normalvariate, expovariate, triangular,
# randbytes) follow CPython's algorithms on the seeded Mersenne Twister; gauss's cached second
# value is reset by seed() and carried by getstate()/setstate(). Rounded to 10 digits: libm's
# log/cos/sin may differ from glibc's in the last bit.
import random


def r(x):
    return round(x, 10)


random.seed(42)
print([r(random.gauss(0, 1)) for _ in range(3)], r(random.gauss(mu=10, sigma=2)))
print([r(random.normalvariate(5, 0.5)) for _ in range(3)], r(random.normalvariate()))
print([r(random.expovariate(2.0)) for _ in range(3)])
print([r(random.triangular()) for _ in range(2)], r(random.triangular(1, 3, 2.5)), random.triangular(2, 2, 2))
print(random.randbytes(5).hex(), random.randbytes(0), len(random.randbytes(9)))
random.seed(7)
a = random.gauss()
st = random.getstate()
b = random.gauss()
random.setstate(st)
print(random.gauss() == b, type(st[2]).__name__)
random.seed(7)
print(random.gauss() == a, r(random.getstate()[2]))
g = random.Random(3)
print(r(g.gauss(1, 1)), r(g.expovariate(1)), r(g.triangular(0, 10)), g.randbytes(3).hex(), g.gauss_next is None)
try:
    random.expovariate(0)
except ZeroDivisionError as e:
    print(type(e).__name__, e)
try:
    random.randbytes(-1)
except ValueError as e:
    print(type(e).__name__, e)
