# contextlib (host-only stdlib): contextmanager, suppress, closing, nullcontext, ExitStack,
# redirect_stdout.
from contextlib import contextmanager, suppress, closing, nullcontext, ExitStack, redirect_stdout
import io

log = []


@contextmanager
def tag(name):
    log.append("<" + name + ">")
    try:
        yield name.upper()
    finally:
        log.append("</" + name + ">")


with tag("a") as t:
    log.append(t)
print(log)


@contextmanager
def swallow(kind):
    try:
        yield
    except kind as e:
        print("swallowed", type(e).__name__, e)


with swallow(ValueError):
    raise ValueError("bad")
print("after swallow")

try:
    with swallow(KeyError):
        raise ValueError("not swallowed")
except ValueError as e:
    print("propagated", e)


@contextmanager
def reraise_other():
    try:
        yield
    except ZeroDivisionError:
        raise KeyError("converted")


try:
    with reraise_other():
        1 / 0
except KeyError as e:
    print("converted to", repr(e), type(e.__context__).__name__)


@contextmanager
def no_yield():
    if False:
        yield


try:
    with no_yield():
        pass
except RuntimeError as e:
    print("RuntimeError", e)


@contextmanager
def two_yields():
    yield 1
    yield 2


try:
    with two_yields():
        pass
except RuntimeError as e:
    print("RuntimeError", e)


@tag("deco")
def decorated(x):
    log.append("body %d" % x)
    return x * 2


log.clear()
print(decorated(3), decorated(4), log)

with suppress(KeyError, IndexError):
    {}["missing"]
print("suppressed KeyError")
with suppress(LookupError):
    [][1]
print("suppressed subclass")
try:
    with suppress(KeyError):
        int("x")
except ValueError as e:
    print("not suppressed:", e)


class Resource:
    def __init__(self, name):
        self.name = name

    def close(self):
        print("closing", self.name)


with closing(Resource("r1")) as r:
    print("using", r.name)

with nullcontext(42) as v:
    print("nullcontext", v)
with nullcontext() as v:
    print("nullcontext", v)


class CM:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    def __enter__(self):
        print("enter", self.name)
        return self.name

    def __exit__(self, t, v, tb):
        print("exit", self.name, t.__name__ if t else None)
        return self.suppress


with ExitStack() as stack:
    names = [stack.enter_context(CM(n)) for n in ("x", "y", "z")]
    stack.callback(print, "callback", 1, sep="-")
    print("inside", names)

with ExitStack() as stack:
    stack.enter_context(CM("outer", suppress=True))
    stack.enter_context(CM("inner"))
    raise ValueError("boom")
print("suppressed by outer")

stack = ExitStack()
stack.enter_context(CM("manual"))
stack.push(lambda t, v, tb: print("pushed exit", t))
stack.close()
print("closed")

with ExitStack() as stack:
    stack.enter_context(CM("kept"))
    moved = stack.pop_all()
print("popped; now closing moved")
moved.close()

try:
    with ExitStack() as stack:
        stack.callback(lambda: 1 / 0)
        raise KeyError("first")
except ZeroDivisionError as e:
    print("last error wins:", type(e).__name__, "context", repr(e.__context__))

try:
    ExitStack().enter_context(42)
except TypeError as e:
    print("TypeError", e)

buf = io.StringIO()
with redirect_stdout(buf):
    print("captured line")
    print("second", 2)
print("captured:", repr(buf.getvalue()))
