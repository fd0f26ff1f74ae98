# PEP 525: StopAsyncIteration raised inside an async generator becomes a RuntimeError;
# StopIteration inside a generator, coroutine likewise (PEP 479).
import asyncio


async def agen():
    yield 1
    raise StopAsyncIteration


async def agen2():
    yield "a"
    yield "b"


async def main():
    g = agen()
    print(await g.__anext__())
    try:
        await g.__anext__()
    except RuntimeError as e:
        print("RuntimeError", e, type(e.__cause__).__name__)
    try:
        async for x in agen():
            print("got", x)
    except RuntimeError as e:
        print("RuntimeError", e)
    print([x async for x in agen2()])
    g2 = agen2()
    print(await g2.__anext__(), await g2.__anext__())
    try:
        await g2.__anext__()
    except StopAsyncIteration:
        print("exhausted")


asyncio.run(main())


def gen():
    yield 1
    raise StopIteration


try:
    list(gen())
except RuntimeError as e:
    print("RuntimeError", e)


async def ag_stop():
    yield 1
    raise StopIteration


async def co_stop():
    raise StopIteration


async def main2():
    g = ag_stop()
    await g.__anext__()
    for aw in (g.__anext__(), co_stop()):
        try:
            await aw
        except RuntimeError as e:
            print("RuntimeError", e)


asyncio.run(main2())
