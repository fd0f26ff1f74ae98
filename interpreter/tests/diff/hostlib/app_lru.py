from collections import OrderedDict
import functools

class LRUCache:
    def __init__(self, capacity: int):
        if capacity <= 0:
            raise ValueError("capacity must be positive")
        self.capacity = capacity
        self._data = OrderedDict()
        self.hits = self.misses = 0

    def get(self, key, default=None):
        try:
            value = self._data[key]
        except KeyError:
            self.misses += 1
            return default
        self._data.move_to_end(key)
        self.hits += 1
        return value

    def put(self, key, value):
        if key in self._data:
            self._data.move_to_end(key)
        self._data[key] = value
        while len(self._data) > self.capacity:
            old, _ = self._data.popitem(last=False)
            print(f"  evict {old!r}")

    def __repr__(self):
        items = ", ".join(f"{k!r}: {v!r}" for k, v in self._data.items())
        return f"<LRU {self.hits}/{self.hits + self.misses} [{items}]>"

    def __len__(self):
        return len(self._data)

c = LRUCache(3)
for k in "abcabdaeb":
    if c.get(k) is None:
        c.put(k, ord(k))
print(c, len(c))

def memo(maxsize=2):
    def deco(fn):
        cache = LRUCache(maxsize)
        @functools.wraps(fn)
        def wrapper(*args):
            r = cache.get(args)
            if r is None:
                r = fn(*args)
                cache.put(args, r)
            return r
        wrapper.cache = cache
        return wrapper
    return deco

@memo(maxsize=4)
def slow_add(a, b):
    """Adds slowly."""
    return a + b

print([slow_add(i % 3, 1) for i in range(7)], slow_add.__name__, slow_add.__doc__, slow_add.cache)

@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(90), fib.cache_info())
@functools.lru_cache(maxsize=2)
def sq(x):
    return x * x
for x in [1, 2, 1, 3, 2]:
    sq(x)
print(sq.cache_info())
sq.cache_clear()
print(sq.cache_info())
try:
    LRUCache(0)
except ValueError as e:
    print(e)
@functools.cache
def fact(n):
    return 1 if n == 0 else n * fact(n - 1)
print(fact(25), fact.cache_info().hits)
