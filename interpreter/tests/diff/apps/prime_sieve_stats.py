def sieve(n):
    is_p = bytearray([1]) * (n + 1)
    is_p[0] = is_p[1] = 0
    for i in range(2, int(n ** 0.5) + 1):
        if is_p[i]:
            is_p[i * i::i] = bytearray(len(range(i * i, n + 1, i)))
    return [i for i in range(n + 1) if is_p[i]]
ps = sieve(10000)
print(len(ps), ps[:10], ps[-3:])
gaps = {}
for a, b in zip(ps, ps[1:]):
    gaps[b - a] = gaps.get(b - a, 0) + 1
print(sorted(gaps.items())[:8])
twins = [(a, b) for a, b in zip(ps, ps[1:]) if b - a == 2]
print(len(twins), twins[-1])
def factor(n):
    out = []
    for p in ps:
        if p * p > n:
            break
        while n % p == 0:
            out.append(p)
            n //= p
    if n > 1:
        out.append(n)
    return out
for n in [360, 97, 1001, 2 ** 20 - 1, 600851475143, 99999999]:
    print(n, factor(n))
print(sum(ps) % 1000003, max(gaps, key=gaps.get))
