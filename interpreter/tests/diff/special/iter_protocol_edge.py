class Fib:
    def __init__(self, limit):
        self.limit = limit
    def __iter__(self):
        a, b = 0, 1
        while a < self.limit:
            yield a
            a, b = b, a + b
f = Fib(100)
print(list(f), sum(f), 55 in f, 56 in f, max(f), sorted(f, reverse=True)[:3])
print(dict(enumerate(Fib(10))), set(Fib(5)), tuple(Fib(3)))
a, b, *c = Fib(20)
print(a, b, c)
print(*Fib(10))
print(list(zip(Fib(50), Fib(50)))[-2:])
class BadIter:
    def __iter__(self):
        return 42
try:
    iter(BadIter())
except TypeError as e:
    print("TypeError:", e)
class NoNext:
    def __iter__(self):
        return self
try:
    for x in NoNext():
        pass
except TypeError as e:
    print("TypeError:", e)
class Resettable:
    def __init__(self):
        self.data = [1, 2, 3]
    def __iter__(self):
        return iter(self.data)
r = Resettable()
print(list(r), list(r), [x * y for x in r for y in r][:4])
