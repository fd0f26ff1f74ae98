# functools: reduce, partial, wraps, cmp_to_key (lru_cache: functools_lru_cache.py; total_ordering,
# cached_property, partialmethod: functools_classes.py)
import functools
from functools import reduce, partial, wraps, lru_cache, cmp_to_key, total_ordering

print(reduce(lambda a, b: a + b, [1, 2, 3, 4]), reduce(lambda a, b: a * b, [], 1), reduce(max, "hello"))
try:
    reduce(lambda a, b: a, [])
except TypeError as e:
    print("TypeError", e)

def power(base, exp, *, mod=None):
    return pow(base, exp, mod)

square = partial(power, exp=2)
print(square(7), square(7, mod=5), partial(power, 2)(10), square.func is power, square.args, square.keywords)
p2 = partial(partial(power, 3), mod=7)
print(p2(4), p2.args, p2.keywords, p2.func is power)
try:
    partial(5)
except TypeError as e:
    print("TypeError", e)

def logged(f):
    @wraps(f)
    def inner(*a, **k):
        print("call", f.__name__, a, k)
        return f(*a, **k)
    return inner

@logged
def add(a, b=1):
    """Add two numbers."""
    return a + b

print(add(2, b=3), add.__name__, add.__doc__, add.__wrapped__.__name__)

def compare(a, b):
    return (len(a) > len(b)) - (len(a) < len(b)) or (a > b) - (a < b)

print(sorted(["ccc", "a", "bb", "aa", "b"], key=cmp_to_key(compare)))
print(sorted([3, 1, 2], key=cmp_to_key(lambda a, b: b - a)))
