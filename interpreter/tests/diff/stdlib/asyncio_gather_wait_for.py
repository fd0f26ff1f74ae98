# gather (order, return_exceptions, failure), wait_for (timeouts), TimeoutError.
import asyncio


async def job(n, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError("job %d failed" % n)
    return n * 10


async def slow(log):
    try:
        await asyncio.sleep(1)
        log.append("slow finished")
    except asyncio.CancelledError:
        log.append("slow cancelled")
        raise


async def main():
    print(await asyncio.gather(job(1, 0.04), job(2, 0.02), job(3, 0)))
    print(await asyncio.gather())
    res = await asyncio.gather(job(1, 0.02), job(2, 0, True), job(3, 0.01), return_exceptions=True)
    print([type(r).__name__ + ":" + str(r) for r in res])
    try:
        await asyncio.gather(job(1, 0.02), job(2, 0.01, True))
    except ValueError as e:
        print("gather raised", e)
    await asyncio.sleep(0.03)
    # wait_for that finishes in time
    print(await asyncio.wait_for(job(4, 0.01), 1))
    print(await asyncio.wait_for(job(5, 0), None))
    log = []
    try:
        await asyncio.wait_for(slow(log), 0.03)
    except asyncio.TimeoutError:
        print("timeout (asyncio.TimeoutError)")
    print(log)
    try:
        await asyncio.wait_for(slow(log), 0.02)
    except TimeoutError as e:
        print("timeout (builtin TimeoutError)", type(e).__name__)
    print(log)
    print(asyncio.TimeoutError is TimeoutError)
    print(issubclass(asyncio.CancelledError, BaseException),
          issubclass(asyncio.CancelledError, Exception))
    # wait_for on a task that swallows cancellation and returns a value
    async def stubborn():
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            return "kept going"
    print(await asyncio.wait_for(stubborn(), 0.02))
    # zero timeout on a finished task
    t = asyncio.create_task(job(6, 0))
    await asyncio.sleep(0.01)
    print(await asyncio.wait_for(t, 0))
    # gather of tasks and coroutines, the same coroutine twice
    c = job(7, 0)
    t2 = asyncio.create_task(job(8, 0.01))
    print(await asyncio.gather(c, t2, c))
    # exception propagation while others continue
    out = []

    async def later():
        await asyncio.sleep(0.05)
        out.append("later ran")

    g = asyncio.gather(later(), job(9, 0.01, True))
    try:
        await g
    except ValueError as e:
        print("first error:", e)
    await asyncio.sleep(0.08)
    print(out)


asyncio.run(main())


# A future is awaited by iterating it: two tasks may wait on one; iterating a pending future
# outside a task is refused instead of spinning.
async def future_iteration():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    try:
        print(list(f))
    except RuntimeError as e:
        print("RuntimeError", e)
    g = loop.create_future()

    async def waiter():
        return await g

    t1 = asyncio.create_task(waiter())
    t2 = asyncio.create_task(waiter())
    await asyncio.sleep(0)
    g.set_result(7)
    print(await t1, await t2, list(g), g.result())


asyncio.run(future_iteration())
