import asyncio


async def agen(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i


async def dbl(x):
    await asyncio.sleep(0)
    return 2 * x


async def main():
    print([x async for x in agen(4) if x % 2 == 0])
    print([await dbl(x) for x in range(3)])
    print({x: x * x async for x in agen(3)})
    print(sorted({x async for x in agen(3)}))
    print([(x, y) async for x in agen(2) for y in range(2)])
    print([[y async for y in agen(x)] for x in range(3)])
    g = (x * 3 async for x in agen(3))
    print(type(g).__name__)
    print([v async for v in g])
    h = (await dbl(x) for x in range(3))
    print(type(h).__name__, [v async for v in h])
    try:
        print([x async for x in agen(3) if 1 / (x - 1)])
    except ZeroDivisionError as e:
        print("ZeroDivisionError", e)


asyncio.run(main())

for src in ["[x async for x in y]\n", "def f():\n    return [await x for x in y]\n"]:
    try:
        compile(src, "<s>", "exec")
        print("compiled")
    except SyntaxError as e:
        print("SyntaxError", e.msg)
