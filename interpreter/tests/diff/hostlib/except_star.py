import sys
def show(f):
    try:
        f()
        print("no exception")
    except BaseException as e:
        print("escaped:", repr(e), "context:", repr(e.__context__))

def a():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2), ExceptionGroup("in", [ValueError(3), OSError(4)])])
    except* ValueError as e:
        print("VE:", repr(e), repr(sys.exc_info()[1]))
    except* TypeError as e:
        print("TE:", repr(e))
show(a)
def b():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError as e:
        raise KeyError(5)
    except* TypeError:
        raise
show(b)
def c():
    try:
        raise ValueError(3)
    except* ValueError as e:
        print(repr(e)); raise
show(c)
def d():
    try:
        raise ValueError(3)
    except* ValueError as e:
        raise TypeError(4)
show(d)
def e():
    try:
        raise ValueError(3)
    except* TypeError as e:
        print("no")
show(e)
def f():
    try:
        raise ExceptionGroup("x", [ValueError(1)])
    except* (TypeError, ValueError) as e:
        print("tuple", repr(e))
    else:
        print("else")
    finally:
        print("finally")
    print("after", sys.exc_info())
show(f)
def g():
    try:
        pass
    except* ValueError:
        pass
    else:
        print("else ran")
show(g)
def h():
    try:
        raise ExceptionGroup("x", [ValueError(1)])
    except* ExceptionGroup:
        pass
show(h)
def i():
    for k in range(3):
        try:
            raise ExceptionGroup("x", [ValueError(k), KeyboardInterrupt()])
        except* ValueError as e:
            for j in range(2):
                if j: break
            print("k", k, repr(e))
        except* KeyboardInterrupt:
            print("kbi")
show(i)


# A task-group style runner: every job runs, the failures are raised together.
def run_jobs(jobs):
    errors = []
    results = []
    for job in jobs:
        try:
            results.append(job())
        except Exception as e:
            errors.append(e)
    if errors:
        raise ExceptionGroup("jobs failed", errors)
    return results


def bad_value():
    raise ValueError("bad value")


def missing():
    return {}["key"]


def handle_all():
    try:
        run_jobs([lambda: 1, bad_value, missing, lambda: 1 / 0])
    except* ValueError as eg:
        print("values:", [str(e) for e in eg.exceptions])
    except* LookupError as eg:
        print("lookups:", [repr(e) for e in eg.exceptions])
    except* ArithmeticError as eg:
        print("arith:", [type(e).__name__ for e in eg.exceptions])
    return "handled all"


print(handle_all())


# Unhandled parts propagate as a group with the original structure.
def partial():
    try:
        run_jobs([bad_value, missing])
    except* ValueError:
        print("only values here")


try:
    partial()
except ExceptionGroup as eg:
    print("propagated:", repr(eg), eg.message)

# Nested try blocks with except*.
def nested():
    try:
        try:
            raise ExceptionGroup("outer", [ValueError(1), ExceptionGroup("inner", [TypeError(2), KeyError(3)])])
        except* TypeError as e:
            print("inner handler:", repr(e))
    except* (ValueError, KeyError) as e:
        print("outer handler:", repr(e))


nested()


# Raising a new exception from a handler, with a cause.
def translate():
    try:
        raise ExceptionGroup("io", [OSError("disk full")])
    except* OSError as e:
        raise RuntimeError("storage failed") from e


try:
    translate()
except RuntimeError as e:
    print(repr(e), repr(e.__cause__))

# A handler that raises and another that re-raises.
def mixed():
    try:
        raise ExceptionGroup("m", [ValueError("v"), TypeError("t"), KeyError("k")])
    except* ValueError:
        raise
    except* TypeError:
        raise IndexError("from type handler")


try:
    mixed()
except ExceptionGroup as eg:
    print(repr(eg))
    print([type(x).__name__ for x in eg.exceptions])

# Inside a generator and a loop: each iteration handles its own group.
def gen():
    for i in range(3):
        try:
            if i % 2:
                raise ExceptionGroup("odd", [ValueError(i)])
            yield i
        except* ValueError as e:
            yield ("handled", e.exceptions[0].args[0])


print(list(gen()))

# The names bound by `as` are unbound after the handler.
try:
    raise ExceptionGroup("x", [ValueError()])
except* ValueError as bound:
    pass
try:
    bound
except NameError as e:
    print("NameError", e)

# except* with BaseExceptions: they stay in a BaseExceptionGroup.
try:
    try:
        raise BaseExceptionGroup("b", [KeyboardInterrupt(), ValueError(1)])
    except* ValueError:
        print("value part handled")
except BaseExceptionGroup as eg:
    print(type(eg).__name__, repr(eg))

# Raising a naked exception into except*: the handler sees a group of one.
for exc in [ValueError("naked"), KeyError("other")]:
    try:
        try:
            raise exc
        except* ValueError as eg:
            print("naked wrapped:", repr(eg), eg.exceptions[0] is exc)
    except KeyError as e:
        print("naked passes through:", repr(e))

# except* with a tuple variable, and a type computed at run time.
kinds = (TypeError, ValueError)
try:
    raise ExceptionGroup("t", [TypeError(1), ValueError(2), OSError(3)])
except* kinds as eg:
    print("by tuple:", repr(eg))
except* type(OSError()) as eg:
    print("computed:", repr(eg))
