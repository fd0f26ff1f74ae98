class Tick:
    def __await__(self):
        yield "tick"
async def might_fail(x):
    await Tick()
    if x < 0:
        raise ValueError(f"negative: {x}")
    return x * 2
async def main():
    out = []
    for v in [1, -1, 2]:
        try:
            out.append(await might_fail(v))
        except ValueError as e:
            out.append(str(e))
    return out
c = main()
ticks = 0
while True:
    try:
        c.send(None)
        ticks += 1
    except StopIteration as e:
        print(e.value, "ticks", ticks)
        break
c2 = might_fail(5)
print(c2.send(None))
try:
    c2.throw(KeyError("thrown in"))
except KeyError as e:
    print("KeyError propagated:", e)
c3 = might_fail(1)
c3.close()
print("closed unstarted coroutine")
