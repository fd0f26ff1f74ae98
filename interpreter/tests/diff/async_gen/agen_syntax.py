srcs = [
    "async def f():\n    yield 1\n    return 2\n",
    "async def f():\n    yield from [1]\n",
    "async def f():\n    x = yield 1\n    return\n",
]
for s in srcs:
    try:
        exec(s)
        print("ok")
    except SyntaxError as e:
        print(type(e).__name__, e.msg)
