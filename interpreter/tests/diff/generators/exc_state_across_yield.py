# A generator suspended inside an `except` block keeps its handled exception to itself:
# the caller's sys.exc_info() and the __context__ of what the caller raises do not see it,
# and the generator sees its own exception again when resumed.
import sys


def current():
    e = sys.exc_info()[1]
    return None if e is None else repr(e)


def gen():
    try:
        raise ValueError("inside")
    except ValueError:
        print("gen before yield:", current())
        yield 1
        print("gen after resume:", current())
        yield 2
    print("gen after handler:", current())
    yield 3


g = gen()
print(next(g))
print("caller sees:", current())
try:
    raise KeyError("caller")
except KeyError as e:
    print("caller context:", repr(e.__context__))
    print(next(g))
    print("caller in handler sees:", current())
print(next(g))
print("caller end:", current())


# A bare `raise` after resumption re-raises the generator's own exception.
def reraiser():
    try:
        1 / 0
    except ZeroDivisionError:
        yield "suspended"
        raise


r = reraiser()
print(next(r))
try:
    next(r)
except ZeroDivisionError as e:
    print("re-raised:", type(e).__name__, e)


# The caller's handled exception is the context inside the generator when it has none.
def sees_caller():
    yield current()
    try:
        raise TypeError("in gen")
    except TypeError as e:
        yield repr(e.__context__)


s = sees_caller()
try:
    raise OSError("outer")
except OSError:
    print("gen sees caller's:", next(s))
    print("gen's context:", next(s))


# __context__ chaining across a yield: raised in the generator's handler after resuming.
def chain():
    try:
        raise ValueError("first")
    except ValueError:
        yield
        raise RuntimeError("second")


c = chain()
next(c)
try:
    raise IndexError("caller's own")
except IndexError:
    try:
        next(c)
    except RuntimeError as e:
        print("chained:", repr(e), "<-", repr(e.__context__))
        print("  context of context:", repr(e.__context__.__context__))


# Several generators interleaved, each inside its own handler.
def named(tag):
    try:
        raise LookupError(tag)
    except LookupError:
        for i in range(2):
            yield (tag, i, current())


a, b = named("a"), named("b")
for _ in range(2):
    print(next(a), next(b), current())


# throw() into a generator suspended in a handler: the new exception's context is its own.
def thrown():
    try:
        raise ValueError("handled")
    except ValueError:
        try:
            yield
        except KeyError as e:
            print("thrown context:", repr(e.__context__))
            yield "after throw"


t = thrown()
next(t)
print(t.throw(KeyError("in")))
print("after throw caller:", current())


# yield from: the delegating generator's handled exception is back while it runs.
def inner():
    yield current()
    yield current()


def outer():
    try:
        raise NameError("outer's")
    except NameError:
        yield from inner()
        yield current()


print(list(outer()))
o = outer()
print(next(o), current())
print(next(o), current())
print(next(o), current())


# A generator closed while suspended in a handler.
def closing():
    try:
        raise ValueError("v")
    except ValueError:
        try:
            yield 1
        finally:
            print("finally sees:", current())


cl = closing()
next(cl)
cl.close()
print("after close:", current())


# throw() into a generator outside any handler: the caller's exception is not its context.
def plain():
    try:
        yield
    except KeyError as e:
        print("plain throw context:", repr(e.__context__))
        yield "caught"


p = plain()
next(p)
try:
    raise OSError("caller")
except OSError:
    print(p.throw(KeyError("k")))


# throw() into a `yield from` inside the delegating generator's handler.
def delegating():
    try:
        raise ValueError("delegator's")
    except ValueError:
        yield from inner()


d = delegating()
next(d)
try:
    d.throw(KeyError("thrown"))
except KeyError as e:
    print("yield-from throw context:", repr(e.__context__))
