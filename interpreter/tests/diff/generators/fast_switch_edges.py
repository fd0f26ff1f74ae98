# Generator switches of every kind and their edge cases: for/next/send on the same generator,
# values kept on the operand stack across a yield, handler blocks across yields, throw and
# close through nested `yield from`, exceptions through resumed chains, re-entry errors,
# finalisation and the recursion limit (pyrite's one-switch paths and their fall-backs).


def operands():
    # `a + (yield ...)`: `a` and the call's arguments wait on the stack while suspended.
    a = 10
    x = a + (yield 1)
    y = max(x, (yield 2), 5)
    z = [x, (yield 3), y]
    yield ("done", x, y, z)


g = operands()
print(next(g), g.send(5), g.send(7), g.send(8))


def mixed():
    total = 0
    while True:
        v = yield total
        if v is None:
            v = 1
        total += v


m = mixed()
out = [next(m)]
for i, t in zip(range(4), m):
    out.append(t)
    out.append(m.send(i * 10))
out.append(next(m))
print(out)


def guarded(log):
    # The try block and the `with` are live across each yield; the handler must be found
    # after resumption through whichever path resumed the generator.
    for i in range(3):
        try:
            v = yield i
            if v == "boom":
                raise ValueError(i)
        except ValueError as e:
            log.append(("caught", e.args[0]))
        finally:
            log.append(("finally", i))


log = []
gg = guarded(log)
print(next(gg), gg.send("boom"), next(gg))
try:
    next(gg)
except StopIteration:
    log.append("stop")
print(log)


class Ctx:
    def __init__(self, log, name):
        self.log, self.name = log, name

    def __enter__(self):
        self.log.append("enter " + self.name)

    def __exit__(self, *a):
        self.log.append("exit " + self.name + " " + (a[0].__name__ if a[0] else "-"))
        return False


def leaf(log, name):
    with Ctx(log, name):
        try:
            yield name + "1"
            yield name + "2"
        except KeyError as e:
            log.append("leaf got " + repr(e.args[0]))
            yield "recovered"
        finally:
            log.append("leaf finally " + name)


def middle(log):
    r = yield from leaf(log, "a")
    log.append(("middle result", r))
    yield from leaf(log, "b")


def outer(log):
    try:
        yield from middle(log)
    finally:
        log.append("outer finally")


# throw into the innermost of a resumed chain; it handles it and goes on.
log = []
o = outer(log)
print(next(o), next(o), o.throw(KeyError("k")))
print(next(o), next(o))
print(log)

# close during a nested yield from: every level's finally/__exit__ runs, innermost first.
log = []
o = outer(log)
print(next(o), next(o), next(o))
o.close()
print(log)

# An exception raised by the innermost level climbs the resumed chain.
def raiser():
    yield 1
    raise ZeroDivisionError("deep")


def relay(depth):
    if depth == 0:
        yield from raiser()
    else:
        try:
            yield from relay(depth - 1)
        finally:
            print("relay", depth, "unwinds")


r = relay(3)
print(next(r))
try:
    next(r)
except ZeroDivisionError as e:
    print("caught", e)
print(list(r))

# A throw the innermost level does not handle climbs to a level that does.
def catcher():
    try:
        yield from relay(1)
    except RuntimeError as e:
        yield "catcher got " + str(e)


c = catcher()
print(next(c), c.throw(RuntimeError("x")))

# Re-entering a running generator, from inside itself, by every path.
def reenter(how):
    me = yield
    try:
        if how == "next":
            next(me)
        elif how == "send":
            me.send(1)
        else:
            for _ in me:
                pass
    except ValueError as e:
        yield str(e)


for how in ("next", "send", "for"):
    q = reenter(how)
    next(q)
    print(how, q.send(q))

# send to a just-started generator, next on a finished one, for over a finished one.
def two():
    yield 1
    yield 2


t = two()
try:
    t.send(3)
except TypeError as e:
    print("TypeError", e)
print(list(t), list(t), next(t, "end"))
for x in t:
    print("never")

# The recursion limit applies to generator resumption too.
import sys


def deep(n):
    if n:
        yield from deep(n - 1)
    else:
        yield "bottom"


def nest(n):
    if n == 0:
        return next(deep(3))
    return nest(n - 1)


try:
    print(nest(5))
    nest(100000)
except RecursionError:
    print("RecursionError")

# Finalisation: a generator dropped while suspended inside try/finally is closed.
import gc


def finaliser(tag):
    try:
        yield tag
        yield tag
    finally:
        print("finalised", tag)


f = finaliser("f1")
next(f)
f = None
gc.collect()
for _ in range(3):
    pass
print("after drop")
