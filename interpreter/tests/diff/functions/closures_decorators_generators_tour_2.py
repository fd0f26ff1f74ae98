# closures, decorators, generators, scoping
x = 10
def scope():
    print(x)
scope()
def scope2():
    try:
        print(x)
        x = 5
    except UnboundLocalError as e:
        print(type(e).__name__, e)
scope2()
def gl():
    global newg
    newg = 7
gl(); print(newg)
print([x for x in range(3)], x)
y = [(a, b) for a in range(3) for b in range(a) if a + b > 1]
print(y)
print({k: v for k, v in zip("abc", range(3))}, {i % 3 for i in range(10)})
g = (i * i for i in range(5)); print(next(g), list(g), list(g))
def gen():
    x = yield 1
    print("got", x)
    y = yield x * 2
    return y
it = gen(); print(next(it)); print(it.send(10))
try: it.send(99)
except StopIteration as e: print("stop", e.value)
def deleg():
    r = yield from gen()
    print("r", r)
    yield "end"
d = deleg(); print(next(d), d.send(3)); print(d.send(4))
def thrower():
    try:
        yield 1
    except ValueError as e:
        print("caught in gen", e)
        yield 2
t = thrower(); next(t); print(t.throw(ValueError("boom")))
t.close(); print("closed")
def inf():
    i = 0
    while True:
        yield i; i += 1
import itertools
print(list(itertools.islice(inf(), 5)), list(itertools.takewhile(lambda v: v < 3, inf())))
print(list(zip(*[[1, 2, 3], [4, 5, 6]])), list(map(lambda a, b: a + b, [1, 2], [3, 4])))
print(list(filter(None, [0, 1, "", "a", None])), list(enumerate("ab", 1)), list(reversed("abc")))
first, *rest = [1, 2, 3]; *init, last = "abcd"; a, (b, *c), d = 1, (2, 3, 4), 5
print(first, rest, init, last, a, b, c, d)
print([*range(3), *"ab"], {**{"a": 1}, "b": 2}, (*[1], 2))
if (n := len("hello")) > 3: print("walrus", n)
print([y for x in range(5) if (y := x * 2) > 4])
def kw(a, *args, b=1, **kw): return a, args, b, kw
print(kw(1, 2, 3, b=4, c=5), kw(*[1, 2], **{"b": 3}))
print((lambda *a, **k: (a, k))(1, x=2))
def ann(a: int, b: str = "x") -> bool: pass
print(ann.__annotations__)
print(kw.__kwdefaults__, kw.__code__.co_argcount if hasattr(kw, '__code__') else '')
