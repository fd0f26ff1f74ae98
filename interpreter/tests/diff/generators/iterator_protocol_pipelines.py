# Iterator protocol classes, generator pipelines and itertools-like helpers written by hand.
class Countdown:
    def __init__(self, n): self.n = n
    def __iter__(self):
        n = self.n
        while n > 0:
            yield n
            n -= 1
    def __reversed__(self):
        return iter(range(1, self.n + 1))
class Fib:
    def __init__(self): self.a, self.b = 0, 1
    def __iter__(self): return self
    def __next__(self):
        r = self.a
        self.a, self.b = self.b, self.a + self.b
        return r
def take(n, it):
    it = iter(it)
    return [next(it) for _ in range(n)]
def chunks(seq, n):
    for i in range(0, len(seq), n):
        yield seq[i:i + n]
def pairwise(it):
    it = iter(it)
    prev = next(it, None)
    for x in it:
        yield prev, x
        prev = x
def flatten(x):
    for i in x:
        if isinstance(i, (list, tuple)):
            yield from flatten(i)
        else:
            yield i
print(list(Countdown(4)), list(reversed(Countdown(3))), take(10, Fib()), sum(Countdown(100)))
print(list(chunks('abcdefg', 3)), list(pairwise([1, 2, 3, 4])), list(flatten([1, [2, (3, [4])], 5])))
print(3 in Countdown(5), 9 in Countdown(5), sorted(Countdown(4)), max(Countdown(7)), dict(enumerate(Countdown(2))))
words = 'the quick brown fox jumps over the lazy dog'.split()
lengths = (len(w) for w in words)
print(sum(lengths), sum(lengths), [w.upper() for w in words if len(w) > 4])
evens = filter(lambda n: n % 2 == 0, Fib())
print(take(6, evens))
squares = map(lambda n: n * n, Countdown(4))
print(list(zip(squares, 'abcd')), list(squares))
it = iter(Countdown(3)); print(next(it), list(it), next(it, 'end'))
def running_avg():
    total = n = 0
    avg = None
    while True:
        x = yield avg
        total += x; n += 1
        avg = total / n
ra = running_avg(); next(ra)
print([ra.send(v) for v in (10, 20, 60)])
print(list(x for x in range(20) if x % 3 == 0 if x % 2), [(a, b) for a in range(3) for b in range(a)])
print({k: v for k, v in zip('abc', Countdown(3))}, {x % 3 for x in range(10)})
