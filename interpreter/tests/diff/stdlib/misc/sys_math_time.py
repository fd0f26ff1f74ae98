import sys, math, time

def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

t(lambda: sys.stdout.write("abc\n"))
t(lambda: sys.stdout.write(""))
t(lambda: sys.stdout.write(5))
t(lambda: sys.byteorder)
t(lambda: sys.maxsize >= 2**31 - 1)
t(lambda: type(sys.implementation.name).__name__)
t(lambda: isinstance(sys.argv, list) and len(sys.argv) >= 1)
t(lambda: sys.version_info[0])
t(lambda: sys.version_info >= (3, 0))
t(lambda: type(sys.modules).__name__)
t(lambda: "sys" in sys.modules)
t(lambda: sys.exit.__name__)
try:
    sys.exit(3)
except SystemExit as e:
    t(lambda: (e.code, e.args))
try:
    sys.exit()
except SystemExit as e:
    t(lambda: e.code)
try:
    sys.exit("msg")
except SystemExit as e:
    t(lambda: e.code)
t(lambda: isinstance(sys.path, list))
sys.stdout.flush() if hasattr(sys.stdout, "flush") else None

for name in ["sqrt", "exp", "log", "log2", "log10", "sin", "cos", "tan", "asin", "acos", "atan",
             "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "floor", "ceil", "trunc", "fabs",
             "erf", "erfc", "gamma", "lgamma", "expm1", "log1p", "degrees", "radians", "isfinite",
             "isinf", "isnan"]:
    f = getattr(math, name)
    for x in [0.5, 2.0, -1.0, 0.0, float("inf"), float("nan"), 10]:
        try:
            r = f(x)
            print(name, x, round(r, 12) if isinstance(r, float) and math.isfinite(r) else r)
        except Exception as e:
            print(name, x, type(e).__name__, e)
t(lambda: math.sqrt(-1))
t(lambda: math.log(0))
t(lambda: math.log(-1))
t(lambda: math.log(8, 2))
t(lambda: math.log(100, 10))
t(lambda: math.log(2, 1))
t(lambda: math.log(10**400))
t(lambda: math.pow(2, 10))
t(lambda: math.pow(0, -1))
t(lambda: math.pow(-8, 1 / 3))
t(lambda: math.exp(1000))
t(lambda: math.atan2(1, -1))
t(lambda: math.hypot(3, 4))
t(lambda: math.hypot(1, 2, 2))
t(lambda: math.copysign(3, -0.0))
t(lambda: math.fmod(7, -3))
t(lambda: math.fmod(1, 0))
t(lambda: math.modf(-3.5))
t(lambda: math.frexp(8.0))
t(lambda: math.ldexp(0.5, 4))
t(lambda: math.gcd(12, 18))
t(lambda: math.gcd(0, 0))
t(lambda: math.gcd(-4, 6))
t(lambda: math.gcd(12, 18, 27))
t(lambda: math.gcd())
t(lambda: math.lcm(4, 6))
t(lambda: math.gcd(1.5, 2))
t(lambda: math.factorial(20))
t(lambda: math.factorial(0))
t(lambda: math.factorial(-1))
t(lambda: math.factorial(5.0))
t(lambda: math.factorial(30))
t(lambda: math.isclose(1.0, 1.0 + 1e-10))
t(lambda: math.isclose(1.0, 1.1))
t(lambda: math.isclose(0.0, 1e-10))
t(lambda: math.isclose(0.0, 1e-10, abs_tol=1e-9))
t(lambda: math.isclose(1, 1.05, rel_tol=0.1))
t(lambda: math.isclose(1, 2, rel_tol=-1))
t(lambda: math.isclose(float("inf"), float("inf")))
t(lambda: math.isclose(float("nan"), float("nan")))
t(lambda: math.floor(2.5), )
t(lambda: math.floor(float("inf")))
t(lambda: math.ceil(float("nan")))
t(lambda: type(math.floor(2.5)).__name__)
t(lambda: math.floor(10**20 + 0.5))
t(lambda: math.isqrt(17))
t(lambda: math.isqrt(-1))
t(lambda: math.comb(5, 2))
t(lambda: math.perm(5, 2))
t(lambda: math.prod([1, 2, 3]))
t(lambda: math.fsum([0.1] * 10))
t(lambda: math.dist((0, 0), (3, 4)))
t(lambda: (math.pi, math.e, math.tau, math.inf, math.nan != math.nan))
t(lambda: math.sqrt("x"))
t(lambda: math.sqrt(10**400))
t(lambda: math.exp(float("-inf")))
t(lambda: math.trunc(-2.7))
t(lambda: math.ulp(1.0) if hasattr(math, "ulp") else 2.220446049250313e-16)
t(lambda: math.remainder(10, 3))

t0 = time.time()
t(lambda: isinstance(t0, float) and t0 > 1e9)
t(lambda: type(time.monotonic()).__name__)
t(lambda: type(time.time_ns()).__name__)
t(lambda: time.sleep(0))
t(lambda: time.sleep(-1))
t(lambda: time.gmtime(0)[:6])
t(lambda: tuple(time.gmtime(86400 * 365)))
t(lambda: type(time.perf_counter()).__name__)
for s in [0, 951782400, 951868800, 1234567890, 4102444800, -86400, 1709210096, 2**31, 253402300799]:
    t(lambda: tuple(time.gmtime(s)))
t(lambda: time.gmtime(1.9)[5])
t(lambda: len(time.gmtime()))
