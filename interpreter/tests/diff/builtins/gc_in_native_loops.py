# Builtins that drive Python code over long iterables must let it collect its garbage:
# every line allocates far more in total than a 64 KiB heap holds (10**4 items of a few
# hundred bytes each: MBs), but little at once. Sized to finish quickly on an emulated board.
def f(i):
    t = [i, str(i), {'k': i}]
    return len(t[1])

r = list(map(f, range(1000)))
print(len(r), sum(r))
del r
n = 0
for x in map(f, range(10**4)):
    n += x
print(n)
print(sum(len(str(i) * 3) for i in range(10**4)))
print(sum(map(f, range(10**4))))
print(max(range(10**4), key=lambda i: [i % 7, str(i)]))
print(min(range(10**4), key=lambda i: (str(i)[::-1], [i])))
print(sum(map(lambda i: len([i] * 3), range(10**4))))
print(any(str(i) == 'x' for i in range(10**4)))
s = set(map(lambda i: str(i % 100), range(10**4)))
print(len(s))
del s
print(len(''.join(map(lambda i: str(i)[0], range(300)))))
print(len(list(filter(lambda i: [i] and i % 1000 == 0, range(10**4)))))
print([x for x in filter(lambda i: str(i).endswith('9999'), range(10**4))])
print(min(map(lambda i: (i % 13, [i]), range(10**4)))[0])
print(all(map(lambda i: [str(i)], range(10**4))))
print(len(bytes(map(lambda i: len(str(i)), range(300)))))
print(sum(1 for _ in zip(map(str, range(10**4)), range(10**4))))
print(len(dict(map(lambda i: (i % 50, [i]), range(10**4)))))
print(sum(len(x) for x in map(lambda i: str(i), range(10**4))))
