def g():
    received = yield 1
    print("received", received)
    try:
        yield 2
    except ValueError:
        yield "handled"
    yield 3
it = g()
print(next(it), it.send("hello"), it.throw(ValueError), next(it))
try:
    it.send("late")
except StopIteration:
    print("done")
def counter(n):
    for i in range(n):
        cmd = yield i
        if cmd == "reset":
            print("reset requested")
            yield from counter(n)
            return
c = counter(3)
print(next(c), next(c), c.send("reset"), next(c), next(c))
print(list(c))
gen = (i * i for i in range(3))
print(hasattr(gen, "send"), hasattr(gen, "throw"), hasattr(gen, "close"))
print(next(gen), gen.send(None), list(gen))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(10)])
f.close()
print(next(f, "closed"))
