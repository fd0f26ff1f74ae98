# Generator pipelines: yield, yield from, generator expressions, send.
N = 1400000

def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1

def evens(it):
    for x in it:
        if x % 2 == 0:
            yield x

def squares(it):
    for x in it:
        yield x * x

def chunked(it, size):
    buf = []
    for x in it:
        buf.append(x)
        if len(buf) == size:
            yield buf
            buf = []
    if buf:
        yield buf

def flatten(chunks):
    for c in chunks:
        yield from c

def running_total():
    total = 0
    while True:
        x = yield total
        if x is None:
            return total
        total += x

def tree(depth):
    if depth == 0:
        yield 1
        return
    yield from tree(depth - 1)
    yield depth
    yield from tree(depth - 1)

s1 = sum(squares(evens(numbers(N))))
s2 = sum(len(c) for c in chunked(numbers(N), 7))
s3 = sum(flatten(chunked(squares(numbers(N // 2)), 16)))
acc = running_total()
next(acc)
for x in numbers(N // 2):
    last = acc.send(x & 15)
s4 = sum(x for x in tree(15))
s5 = max(x % 1000 for x in (y * 7 for y in range(N)))
print("generators", s1, s2, s3, last, s4, s5)
