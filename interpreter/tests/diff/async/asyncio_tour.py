import asyncio
async def fetch(n, d):
    await asyncio.sleep(d)
    return n * 10
async def agen(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i
class AIter:
    def __init__(self): self.i = 0
    def __aiter__(self): return self
    async def __anext__(self):
        if self.i >= 3: raise StopAsyncIteration
        self.i += 1
        return self.i
class ACtx:
    async def __aenter__(self): print("aenter"); return "ctx"
    async def __aexit__(self, *a): print("aexit", a[0]); return False
async def main():
    r = await asyncio.gather(fetch(1, 0.02), fetch(2, 0.01), fetch(3, 0))
    print(r)
    print([x async for x in agen(3)])
    async for v in AIter(): print("v", v)
    async with ACtx() as c: print(c)
    t = asyncio.create_task(fetch(5, 0))
    print(await t, t.done())
    g = agen(2)
    print(await g.__anext__(), await g.__anext__())
    try: await g.__anext__()
    except StopAsyncIteration: print("stop")
asyncio.run(main())
async def coro(): return 1
c = coro(); print(type(c).__name__); c.close()
