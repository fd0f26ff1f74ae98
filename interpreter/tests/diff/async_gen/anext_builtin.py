# anext(it) and anext(it, default) over async generators and async iterator classes.
import asyncio


async def agen(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i * 10


class Ticker:
    def __init__(self, n):
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        return self.n


async def main():
    g = agen(2)
    print(await anext(g), await anext(g))
    print(await anext(g, "done"), await anext(g, None))
    try:
        await anext(g)
    except StopAsyncIteration:
        print("StopAsyncIteration")
    t = Ticker(2)
    print(await anext(t), await anext(t), await anext(t, -1))
    try:
        anext(5)
    except TypeError as e:
        print(type(e).__name__, e)
    try:
        anext([1, 2])
    except TypeError as e:
        print(type(e).__name__, e)
    results = await asyncio.gather(anext(agen(3)), anext(Ticker(5)), anext(agen(0), "empty"))
    print(results)


asyncio.run(main())
