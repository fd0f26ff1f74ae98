# Natives over ranges and native iterators: closed forms and chunked loops give CPython's results.
print(sum(range(10, -10, -3), 5), sum(range(0)), sum(range(5), True), sum(range(4), 0.5))
print(sum(range(2**40, 2**40 + 10)), sum(range(-5, 5), 10**20))
print(max(range(7)), min(range(7)), max(range(10, 0, -3)), min(range(10, 0, -3)))
print(max(range(0), default='empty'), min(range(3, 3), default=None))
for f in (max, min):
    try:
        f(range(0))
    except ValueError as e:
        print(type(e).__name__, e)
print(max(range(5), key=lambda x: -x), min(range(5), key=lambda x: (x - 2) ** 2))
print(10**20 in range(10), True in range(3), False in range(1, 3), 3.0 in range(5), 2.5 in range(5))
print(sum(map(abs, range(-5000, 5000))), max(map(abs, range(-5000, 300))), min(iter(range(9000, 3, -1))))
print(any(map(abs, range(0, 1))), all(map(abs, range(1, 9000))), any(iter(bytes(9000))))
print(-1 in map(abs, range(9000)), 8999 in iter(range(9000)), 5 not in iter(range(3)))
for src in (range(10**9), iter(range(10**9)), 'abc', {1: 2, 3: 4, 5: 6}):
    try:
        a, b = src
    except ValueError as e:
        print(type(e).__name__, e)
try:
    a, b, c = range(2)
except ValueError as e:
    print(type(e).__name__, e)
a, b = range(2)
print(a, b)
try:
    sum(range(3), 'x')
except TypeError as e:
    print(type(e).__name__, e)
