async def g():
    return 1
await g()
