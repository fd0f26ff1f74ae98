# Task.cancel + CancelledError, Event, Lock (async with), Queue.
import asyncio


async def sleeper(name, log):
    try:
        log.append(name + " sleeping")
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        log.append(name + " got CancelledError")
        raise
    finally:
        log.append(name + " finally")


async def cancel_demo():
    log = []
    t = asyncio.create_task(sleeper("s1", log))
    await asyncio.sleep(0)
    print(t.cancel(), t.done())
    try:
        await t
    except asyncio.CancelledError:
        print("awaiting a cancelled task raises CancelledError")
    print(t.cancelled(), t.done(), t.cancel())
    print(log)
    # cancel before it ever ran
    t2 = asyncio.create_task(sleeper("s2", log))
    t2.cancel()
    await asyncio.sleep(0)
    print(t2.cancelled(), "s2 sleeping" in log)
    # cancel with a message
    t3 = asyncio.create_task(sleeper("s3", log))
    await asyncio.sleep(0)
    t3.cancel("stop now")
    try:
        await t3
    except asyncio.CancelledError as e:
        print("message:", e)
    # a task that catches cancel and finishes normally
    async def resilient():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            return "recovered"
    t4 = asyncio.create_task(resilient())
    await asyncio.sleep(0)
    t4.cancel()
    print(await t4, t4.cancelled())
    # result()/exception() of a failed task
    async def bad():
        raise OSError("io")
    t5 = asyncio.create_task(bad())
    await asyncio.sleep(0)
    print(t5.done(), type(t5.exception()).__name__)
    try:
        t5.result()
    except OSError as e:
        print("result raised", e)


async def event_demo():
    ev = asyncio.Event()
    order = []

    async def waiter(i):
        order.append("wait %d" % i)
        r = await ev.wait()
        order.append("woke %d %s" % (i, r))

    tasks = [asyncio.create_task(waiter(i)) for i in range(3)]
    await asyncio.sleep(0.01)
    print(ev.is_set())
    ev.set()
    await asyncio.gather(*tasks)
    print(order)
    print(await ev.wait())
    ev.clear()
    print(ev.is_set())


async def lock_demo():
    lock = asyncio.Lock()
    trace = []

    async def user(i):
        async with lock:
            trace.append("in %d" % i)
            await asyncio.sleep(0.01)
            trace.append("out %d" % i)

    await asyncio.gather(user(1), user(2), user(3))
    print(trace)
    print(lock.locked())
    await lock.acquire()
    print(lock.locked())
    lock.release()
    try:
        lock.release()
    except RuntimeError as e:
        print("RuntimeError", e)
    # cancelling a waiter does not break the lock
    await lock.acquire()
    w = asyncio.create_task(lock.acquire())
    await asyncio.sleep(0)
    w.cancel()
    await asyncio.sleep(0)
    lock.release()
    print(await asyncio.wait_for(lock.acquire(), 1), lock.locked())
    lock.release()


async def queue_demo():
    q = asyncio.Queue(maxsize=2)
    got = []

    async def producer():
        for i in range(5):
            await q.put(i)
            got.append("put %d" % i)
        await q.put(None)

    async def consumer():
        while True:
            item = await q.get()
            if item is None:
                break
            got.append("get %d" % item)
            await asyncio.sleep(0)

    await asyncio.gather(producer(), consumer())
    print(got)
    print(q.empty(), q.qsize())


async def main():
    await cancel_demo()
    await event_demo()
    await lock_demo()
    await queue_demo()
    # run() cancels the tasks still running when main returns
    asyncio.create_task(sleeper("orphan", []))
    await asyncio.sleep(0)
    print("main returns")


asyncio.run(main())
print("after run")
