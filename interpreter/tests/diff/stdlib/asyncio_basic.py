# asyncio.run, create_task, sleep ordering, task results, current_task, loop API.
import asyncio


async def worker(name, delay, log):
    log.append(name + " start")
    await asyncio.sleep(delay)
    log.append(name + " end")
    return name.upper()


async def ticker(n):
    out = []
    for i in range(n):
        out.append(i)
        await asyncio.sleep(0)
    return out


async def main():
    log = []
    t1 = asyncio.create_task(worker("a", 0.3, log))
    t2 = asyncio.create_task(worker("b", 0.1, log))
    t3 = asyncio.create_task(worker("c", 0.2, log))
    print(t1.done(), isinstance(t1, asyncio.Task), isinstance(t1, asyncio.Future))
    r = await t1
    print(r, await t2, await t3)
    print(log)
    # sleep(0) interleaving is fully deterministic
    order = []

    async def step(tag):
        for i in range(3):
            order.append(tag + str(i))
            await asyncio.sleep(0)

    await asyncio.gather(step("x"), step("y"), step("z"))
    print(order)
    print(await ticker(4))
    print(await asyncio.sleep(0.01, "slept"))
    print(asyncio.current_task() is not None)
    loop = asyncio.get_running_loop()
    print(loop.is_running())
    fut = loop.create_future()
    loop.call_later(0.02, fut.set_result, 42)
    print("future", await fut)
    fut2 = loop.create_future()
    loop.call_soon(fut2.set_exception, ValueError("boom"))
    try:
        await fut2
    except ValueError as e:
        print("future raised", e)
    return "main done"


print(asyncio.run(main()))


async def fails():
    await asyncio.sleep(0)
    raise KeyError("k")


try:
    asyncio.run(fails())
except KeyError as e:
    print("run raised KeyError", e)


async def nested():
    async def inner(x):
        await asyncio.sleep(0)
        return x * 2

    total = 0
    for i in range(5):
        total += await inner(i)
    return total


print(asyncio.run(nested()))
loop = asyncio.new_event_loop()
print(loop.run_until_complete(nested()))
print(loop.is_running(), loop.is_closed())
loop.close()
print(loop.is_closed())
try:
    asyncio.run(42)
except ValueError as e:
    print("ValueError", e)


async def stopper(loop):
    await asyncio.sleep(0.01)
    print("stopping")
    loop.stop()


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.create_task(stopper(loop))
loop.run_forever()
print("run_forever returned")
loop.close()
