def naturals():
    n = 0
    while True:
        yield n
        n += 1
def take(n, it):
    out = []
    for x in it:
        if len(out) >= n:
            break
        out.append(x)
    return out
print(take(5, naturals()))
def primes():
    found = []
    for n in naturals():
        if n < 2:
            continue
        if all(n % p for p in found):
            found.append(n)
            yield n
print(take(10, primes()))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
g = fib()
print([next(g) for _ in range(15)])
evens = (n for n in naturals() if n % 2 == 0)
print(next(evens), next(evens), next(evens))
def pipeline():
    nums = naturals()
    sq = (n * n for n in nums)
    odd = (n for n in sq if n % 2)
    return odd
p = pipeline()
print([next(p) for _ in range(5)])
