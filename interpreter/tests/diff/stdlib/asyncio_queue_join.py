# asyncio.Queue's task_done()/join(): a producer waits until workers have processed every
# item; join() on a drained queue returns at once; too many task_done() is a ValueError.
import asyncio


async def worker(name, q, out):
    while True:
        item = await q.get()
        if item is None:
            q.task_done()
            return
        await asyncio.sleep(0.001 * (item % 3))
        out.append((name, item))
        q.task_done()


async def main():
    q = asyncio.Queue()
    await q.join()
    print("empty join returns")
    out = []
    workers = [asyncio.create_task(worker("w%d" % i, q, out)) for i in range(2)]
    for i in range(6):
        await q.put(i)
    await q.join()
    print("joined", len(out), sorted(item for _, item in out))
    for _ in workers:
        q.put_nowait(None)
    await q.join()
    await asyncio.gather(*workers)
    print("workers done", all(w.done() for w in workers))
    try:
        q.task_done()
    except ValueError as e:
        print(type(e).__name__, e)
    q2 = asyncio.Queue(maxsize=1)
    q2.put_nowait("a")
    waiter = asyncio.create_task(q2.join())
    await asyncio.sleep(0)
    print("waiting", waiter.done())
    print(q2.get_nowait())
    q2.task_done()
    await asyncio.sleep(0)
    print("after task_done", waiter.done())
    await waiter


asyncio.run(main())
