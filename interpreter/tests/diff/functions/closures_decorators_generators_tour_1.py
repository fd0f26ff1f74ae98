# closures, decorators, generators, scoping
import functools
def counter():
    n = 0
    def inc(k=1):
        nonlocal n
        n += k
        return n
    return inc
c = counter(); c(); c(5); print(c(), c.__name__, c.__qualname__)
print(c.__closure__[0].cell_contents)
def deco(f):
    @functools.wraps(f)
    def wrapper(*a, **k):
        print("call", f.__name__, a, k)
        return f(*a, **k)
    return wrapper
@deco
def add(a, b=2): 
    """adds"""
    return a + b
print(add(1), add(1, b=5), add.__name__, add.__doc__, add.__wrapped__.__name__)
def repeat(n):
    def d(f):
        def w(*a):
            return [f(*a) for _ in range(n)]
        return w
    return d
@repeat(3)
def hello(x): return x * 2
print(hello("a"))
def memo(f):
    cache = {}
    def w(n):
        if n not in cache: cache[n] = f(n)
        return cache[n]
    w.cache = cache
    return w
@memo
def fib(n): return n if n < 2 else fib(n-1) + fib(n-2)
print(fib(80), len(fib.cache))
@functools.lru_cache(maxsize=None)
def fib2(n): return n if n < 2 else fib2(n-1) + fib2(n-2)
print(fib2(100))
print(functools.reduce(lambda a, b: a * b, range(1, 10)), functools.partial(int, base=2)("101"))
fs = [lambda: i for i in range(3)]
print([f() for f in fs])
fs = [lambda i=i: i for i in range(3)]
print([f() for f in fs])
