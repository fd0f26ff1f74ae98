async def leaf(v):
    return v + 1
async def mid(v):
    a = await leaf(v)
    b = await leaf(a)
    return a * b
async def top():
    results = []
    for i in range(3):
        results.append(await mid(i))
    return results
def run(c):
    try:
        while True:
            c.send(None)
    except StopIteration as e:
        return e.value
print(run(top()))
print(run(mid(10)))
async def noreturn():
    pass
print(run(noreturn()))
