# yield from chains resumed in place: results, exceptions, handlers, finally, throw/close.
import sys

def leaf(n, fail=None):
    for i in range(n):
        x = yield i
        if x is not None:
            print("leaf got", x)
        if fail is not None and i == fail:
            raise ValueError("leaf %d" % i)
    return "leaf-done-%d" % n

def mid(n, fail=None):
    try:
        r = yield from leaf(n, fail)
        print("mid result", r)
    except ValueError as e:
        print("mid caught", e)
        yield -1
        r = "mid-recovered"
    finally:
        print("mid finally")
    t = 0
    for k in range(2):
        t += yield from leaf2(k)
    return (r, t)

def leaf2(k):
    yield 100 + k
    return k * 10

def top(n, fail=None):
    r = yield from mid(n, fail)
    print("top result", r)
    yield from [7, 8]
    return "top-done"

print(list(top(3)))
print(list(top(4, fail=1)))

g = top(3)
print(next(g), g.send("a"), g.send("b"))
try:
    while True:
        print("step", g.send(None))
except StopIteration as e:
    print("stop", e.value)

# exception escaping the whole chain, with a traceback through every level
def bad_leaf():
    yield 1
    yield 2
    1 / 0

def lvl(d):
    if d == 0:
        return (yield from bad_leaf())
    return (yield from lvl(d - 1))

g = lvl(5)
print(next(g), next(g))
try:
    next(g)
except ZeroDivisionError as e:
    tb = e.__traceback__
    n = 0
    while tb is not None:
        n += 1
        tb = tb.tb_next
    print("tb frames", n, type(e).__name__)

# throw and close into a suspended chain
def catcher():
    try:
        yield "c1"
        yield "c2"
    except KeyError as e:
        print("catcher got", repr(e))
        yield "c3"
    finally:
        print("catcher finally")

def wrap(d):
    if d == 0:
        yield from catcher()
    else:
        try:
            yield from wrap(d - 1)
        finally:
            print("wrap finally", d)

g = wrap(3)
print(next(g))
print(g.throw(KeyError("k")))
g.close()
print("closed")

g = wrap(2)
print(next(g), next(g))
del g
import gc; gc.collect()

# a generator in a chain asking for its own delegator: already executing
def selfish():
    yield 1
    try:
        next(outer)
    except ValueError as e:
        print("selfish", e)
    yield 2

def outer_gen():
    yield from selfish()

outer = outer_gen()
print(list(outer))

# sent values through a chain
def acc():
    total = 0
    while True:
        x = yield total
        if x is None:
            return total
        total += x

def relay(d):
    if d == 0:
        return (yield from acc())
    return (yield from relay(d - 1))

g = relay(6)
next(g)
for i in range(5):
    print("sum", g.send(i))
try:
    g.send(None)
except StopIteration as e:
    print("final", e.value)

# StopIteration raised inside a deep level becomes RuntimeError
def stopper():
    yield 1
    raise StopIteration("x")

def chain2(d):
    if d == 0:
        yield from stopper()
    else:
        yield from chain2(d - 1)

try:
    print(list(chain2(4)))
except RuntimeError as e:
    print("RuntimeError", e, type(e.__cause__).__name__)

# a tree, and generator expressions over chains
def tree(d):
    if d == 0:
        yield 1
        return
    yield from tree(d - 1)
    yield d
    yield from tree(d - 1)

print(sum(tree(10)), max(x for x in tree(8)), sorted(set(tree(6))))

# a deep chain resumed again and again
def deep(d):
    if d == 0:
        for i in range(3):
            yield i
        return
    yield from deep(d - 1)

print(list(deep(40)), len(list(deep(30))))
