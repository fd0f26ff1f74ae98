# Scheduling details of the task/timer queue: ties between timers, call_soon and sleep(0),
# cancelling a sleeping task (twice, with a message, from itself), task names and reprs,
# Handle.cancel, done callbacks, bad yields, awaitables that are no coroutines.
import asyncio


async def order_demo():
    # timers far apart (0.1 s) next to the sleep(0) steps, so a loaded machine keeps the order
    log = []
    loop = asyncio.get_running_loop()

    async def sleeper(tag, d):
        await asyncio.sleep(d)
        log.append(tag)

    async def spinner(tag, n):
        for i in range(n):
            log.append(tag + str(i))
            await asyncio.sleep(0)

    ts = [asyncio.create_task(sleeper("t1", 0.2)), asyncio.create_task(sleeper("t2", 0.2)),
          asyncio.create_task(spinner("s", 3))]
    loop.call_soon(log.append, "soon")
    h = loop.call_later(0.1, log.append, "later-cancelled")
    loop.call_later(0.1, log.append, "later")
    h.cancel()
    print(h.cancelled())
    await asyncio.gather(*ts)
    await asyncio.sleep(0.3)
    print(log)


async def cancel_demo():
    log = []

    async def napper():
        try:
            await asyncio.sleep(5)
        except asyncio.CancelledError as e:
            log.append("cancelled %r" % (e.args,))
            raise

    t = asyncio.create_task(napper())
    await asyncio.sleep(0)
    print(t.cancel("first"), t.cancel("second"), t.cancelling())
    try:
        await t
    except asyncio.CancelledError:
        log.append("awaited")
    print(log, t.cancelled(), t.cancel())

    async def self_cancel():
        asyncio.current_task().cancel("me")
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError as e:
            return "caught " + str(e)

    t = asyncio.create_task(self_cancel())
    print(await t, t.cancelled(), t.cancelling(), t.uncancel())

    async def sleeps_after_cancel():
        await asyncio.sleep(0)
        await asyncio.sleep(0.01)
        return "slept"

    t = asyncio.create_task(sleeps_after_cancel())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("cancelled while sleeping")


class Ready:
    def __await__(self):
        yield
        return "from __await__"


async def misc_demo():
    async def named():
        return asyncio.current_task().get_name()

    t = asyncio.create_task(named(), name="worker")
    print(await t)
    t.set_name(7)
    print(t.get_name(), type(t.get_name()).__name__)
    t = asyncio.create_task(named())
    print((await t).startswith("Task-"), t.get_name() == await t)
    print(await asyncio.ensure_future(Ready()))
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    seen = []
    cb = seen.append
    f.add_done_callback(cb)
    f.add_done_callback(cb)
    print(f.remove_done_callback(cb), f.remove_done_callback(cb))
    f.add_done_callback(lambda fut: seen.append("cb " + str(fut.result())))
    f.set_result(5)
    f.add_done_callback(lambda fut: seen.append("late"))
    await asyncio.sleep(0)
    print(seen, f.done())
    try:
        f.set_result(6)
    except asyncio.InvalidStateError:
        print("InvalidStateError")
    try:
        loop.create_future().result()
    except asyncio.InvalidStateError as e:
        print("InvalidStateError", e)
    try:
        t.set_result(1)
    except RuntimeError as e:
        print("RuntimeError", e)

    class Bad:
        def __await__(self):
            yield 42

    async def bad():
        await Bad()

    try:
        await asyncio.create_task(bad())
    except RuntimeError as e:
        print("RuntimeError", e)
    print(len(asyncio.all_tasks()), asyncio.current_task() in asyncio.all_tasks())
    c = bad()
    print(asyncio.iscoroutine(c), asyncio.isfuture(f), asyncio.iscoroutine(f))
    c.close()


async def main():
    await order_demo()
    await cancel_demo()
    await misc_demo()


asyncio.run(main())
