class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
print(list(Countdown(5)))
c = Countdown(2)
print(next(c), next(c), next(c, "done"))
try:
    next(c)
except StopIteration:
    print("StopIteration")
class Range2:
    def __init__(self, a, b):
        self.a, self.b = a, b
    def __iter__(self):
        i = self.a
        while i < self.b:
            yield i
            i += 1
r = Range2(3, 6)
print(list(r), list(r), sum(r), max(r))
for x in Range2(0, 2):
    print("loop", x)
it = iter([1, 2, 3])
print(iter(it) is it, next(it), list(it))
a, b, c = Countdown(3)
print(a, b, c)
print(dict(zip(Range2(0, 3), Countdown(3))))
