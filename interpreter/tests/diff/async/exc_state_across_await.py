# Coroutines suspended (awaiting) inside an `except` block keep their handled exception to
# themselves: another task, or the driver, does not see it in sys.exc_info() or as the
# __context__ of what it raises; the coroutine sees it again when resumed.
import sys


def current():
    e = sys.exc_info()[1]
    return None if e is None else repr(e)


class Tick:
    def __await__(self):
        yield "tick"


async def worker(name, log):
    try:
        raise ValueError(name)
    except ValueError:
        log.append((name, "before await", current()))
        await Tick()
        log.append((name, "after await", current()))
        try:
            raise KeyError(name + "-inner")
        except KeyError as e:
            log.append((name, "context", repr(e.__context__)))
        await Tick()
        log.append((name, "still", current()))
    log.append((name, "done", current()))
    return name


def run_all(coros):
    # A tiny round-robin scheduler: the driver checks what it sees between steps.
    results = {}
    pending = list(coros)
    while pending:
        for c in list(pending):
            try:
                c.send(None)
                print("driver sees:", current())
            except StopIteration as e:
                results[e.value] = True
                pending.remove(c)
    return sorted(results)


log = []
print(run_all([worker("a", log), worker("b", log)]))
for entry in log:
    print(entry)


# A bare `raise` after an await inside the handler.
async def reraise_after_await():
    try:
        {}["missing"]
    except KeyError:
        await Tick()
        raise


c = reraise_after_await()
c.send(None)
try:
    raise OSError("driver's")
except OSError:
    try:
        c.send(None)
    except KeyError as e:
        print("re-raised:", repr(e), "context:", repr(e.__context__))


# The driver's exception raised while a coroutine is suspended in a handler.
async def holder():
    try:
        raise LookupError("held")
    except LookupError:
        await Tick()
    return "released"


h = holder()
h.send(None)
try:
    raise RuntimeError("driver")
except RuntimeError as e:
    print("driver's context:", repr(e.__context__))
try:
    h.send(None)
except StopIteration as e:
    print(e.value, current())


# async with: __aexit__ awaited while an exception is being handled.
class Manager:
    async def __aenter__(self):
        return self

    async def __aexit__(self, et, ev, tb):
        await Tick()
        print("aexit sees:", current(), et.__name__ if et else None)
        return True


async def uses_manager():
    async with Manager():
        raise ZeroDivisionError("in body")
    return current()


m = uses_manager()
m.send(None)
print("between:", current())
try:
    m.send(None)
except StopIteration as e:
    print("manager result:", e.value)


# An async generator yielding inside a handler.
async def agen():
    try:
        raise ValueError("agen")
    except ValueError:
        yield current()
        yield current()


async def consume():
    out = []
    async for v in agen():
        out.append((v, current()))
    return out


co = consume()
try:
    while True:
        co.send(None)
except StopIteration as e:
    print(e.value)

