def my_zip(*its):
    iters = [iter(i) for i in its]
    while True:
        try:
            yield tuple(next(i) for i in iters) if False else tuple([next(i) for i in iters])
        except StopIteration:
            return
print(list(my_zip("abc", [1, 2, 3, 4])))
def enumerate2(it, start=0):
    n = start
    for x in it:
        yield n, x
        n += 1
print(list(enumerate2("xy", 5)))
def chunks(seq, n):
    for i in range(0, len(seq), n):
        yield seq[i:i + n]
print(list(chunks(list(range(10)), 3)))
def sliding(seq, n):
    for i in range(len(seq) - n + 1):
        yield tuple(seq[i:i + n])
print(list(sliding("abcde", 3)))
def groupby_sorted(items, key):
    cur = object()
    group = []
    for it in items:
        k = key(it)
        if group and k != cur:
            yield cur, group
            group = []
        cur = k
        group.append(it)
    if group:
        yield cur, group
print(list(groupby_sorted([1, 1, 2, 3, 3, 3], lambda x: x)))
def perms(s):
    if len(s) <= 1:
        yield s
        return
    for i, c in enumerate(s):
        for p in perms(s[:i] + s[i + 1:]):
            yield c + p
print(list(perms("abc")))
