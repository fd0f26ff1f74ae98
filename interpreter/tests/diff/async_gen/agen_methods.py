import asyncio


async def echo(log):
    v = None
    try:
        while True:
            await asyncio.sleep(0)
            v = yield v
            log.append(("got", v))
    except ValueError as e:
        log.append(("caught", str(e)))
        yield "recovered"
    finally:
        await asyncio.sleep(0)
        log.append("cleanup")


async def main():
    log = []
    g = echo(log)
    print(await g.asend(None))
    print(await g.asend(1))
    print(await g.asend(2))
    print(await g.athrow(ValueError("bad")))
    print(await g.aclose())
    print(log)
    aw = g.asend(None)
    print(type(aw).__name__)
    try:
        await aw
    except StopAsyncIteration:
        print("exhausted")

    async def count():
        for i in range(10):
            yield i

    c = count()
    async for v in c:
        if v == 2:
            break
    await c.aclose()
    try:
        await c.__anext__()
    except StopAsyncIteration:
        print("closed")

    async def stubborn():
        try:
            yield 1
        except GeneratorExit:
            yield 2

    s = stubborn()
    await s.__anext__()
    try:
        await s.aclose()
    except RuntimeError as e:
        print("RuntimeError", e)

    fresh = count()
    print(await fresh.aclose())

    async def thrower():
        yield 1

    t = thrower()
    await t.__anext__()
    try:
        await t.athrow(KeyError, "k")
    except KeyError as e:
        print("KeyError", e)


asyncio.run(main())
