import asyncio


async def agen(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i * 10
    await asyncio.sleep(0)


async def ticker(log):
    for i in range(3):
        log.append("tick%d" % i)
        await asyncio.sleep(0)


async def main():
    log = []
    t = asyncio.create_task(ticker(log))
    out = []
    async for x in agen(4):
        out.append(x)
        log.append(x)
    print(out)
    await t
    print(sorted(map(str, log)))
    g = agen(2)
    print(type(g).__name__, repr(g).split(" at ")[0])
    print(g.__aiter__() is g)
    print(await g.__anext__(), await g.__anext__())
    try:
        await g.__anext__()
    except StopAsyncIteration as e:
        print("StopAsyncIteration", repr(e))
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("again StopAsyncIteration")
    # manual driving: a wrapped yield raises StopIteration(value)
    async def simple():
        yield 1
        yield 2

    s = simple()
    aw = s.__anext__()
    try:
        aw.send(None)
    except StopIteration as e:
        print("StopIteration", e.value)

    async def raiser():
        yield 1
        raise ValueError("boom")

    try:
        async for v in raiser():
            print("got", v)
    except ValueError as e:
        print("ValueError", e)

    async def empty():
        return
        yield

    async for v in empty():
        print("never")
    else:
        print("else ran")

    async def nested():
        async for v in agen(3):
            yield v + 1

    r = []
    async for v in nested():
        r.append(v)
    print(r)
    return "done"


print(asyncio.run(main()))
