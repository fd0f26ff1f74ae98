# except* in a class body, a generator (yield inside a clause), an asyncio coroutine awaiting in a
# clause, 50 nested re-raising frames, a def inside a clause, an error raised by a clause.
import asyncio
class C:
    try:
        raise ExceptionGroup("cls", [ValueError(1)])
    except* ValueError as e:
        caught = repr(e)
print(C.caught)
def gen():
    try:
        raise ExceptionGroup("g", [ValueError(1), TypeError(2)])
    except* ValueError as e:
        yield repr(e)
        yield "after"
    except* TypeError as e:
        yield repr(e)
print(list(gen()))
async def work(i):
    await asyncio.sleep(0)
    if i % 2:
        raise ValueError(i)
    return i
async def main():
    try:
        results = await asyncio.gather(*(work(i) for i in range(4)), return_exceptions=True)
        errs = [r for r in results if isinstance(r, BaseException)]
        if errs:
            raise ExceptionGroup("gather", errs)
    except* ValueError as eg:
        await asyncio.sleep(0)
        print("async handler:", repr(eg))
asyncio.run(main())
def deep(n):
    if n == 0:
        raise ExceptionGroup("deep", [KeyError(n)])
    try:
        deep(n - 1)
    except* KeyError:
        raise
try:
    deep(50)
except ExceptionGroup as e:
    print("deep", repr(e))
x = [lambda: 1]
try:
    raise ExceptionGroup("z", [ValueError()])
except* ValueError:
    def inner():
        return 5
    print(inner())
try:
    try:
        raise ExceptionGroup("e", [ValueError()])
    except* ValueError:
        1 / 0
except ZeroDivisionError as z:
    print("ZDE ctx", repr(z.__context__))
except BaseException as b:
    print("other", repr(b))
