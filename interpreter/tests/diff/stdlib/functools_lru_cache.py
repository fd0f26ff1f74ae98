# functools.lru_cache and cache: hits, misses, eviction order, keys, cache_info/cache_clear
import functools
from functools import lru_cache

calls = []

@lru_cache(maxsize=None)
def fib(n):
    calls.append(n)
    return n if n < 2 else fib(n - 1) + fib(n - 2)

print(fib(60), len(calls), fib.cache_info())
fib.cache_clear()
print(fib.cache_info(), fib.__name__)

@lru_cache(maxsize=2)
def sq(x):
    print("compute", x)
    return x * x

for v in [1, 2, 1, 3, 2, 1]:
    sq(v)
info = sq.cache_info()
print(info, info.hits, info.misses, info.maxsize, info.currsize, tuple(info))

@lru_cache
def ident(x, y=0):
    return (x, y)

print(ident(1), ident(1), ident(1, y=2), ident(x=1), ident.cache_info())
try:
    ident([1])
except TypeError as e:
    print("TypeError", e)

@functools.cache
def double(x):
    return 2 * x

print(double(4), double(4), double.cache_info())

