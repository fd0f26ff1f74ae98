# A device-style asyncio application: an LED blinker runs in the background, a sensor
# producer feeds a bounded Queue once an Event starts it, two consumers share a Lock-guarded
# log, gather collects them, a slow request times out through wait_for, a stuck watcher is
# cancelled, and run() ends it all. Timers stay 50 ms or more apart (boards run loaded).
import asyncio


class Led:
    def __init__(self):
        self.on = False
        self.toggles = 0

    def toggle(self):
        self.on = not self.on
        self.toggles += 1


async def blinker(led, period):
    try:
        while True:
            led.toggle()
            await asyncio.sleep(period)
    except asyncio.CancelledError:
        led.on = False
        raise


class Sensor:
    def __init__(self, seed):
        self.value = seed

    def read(self):
        # A small linear congruential step: readings look noisy but are reproducible.
        self.value = (self.value * 1103 + 12345) % 1000
        return self.value


async def producer(q, start, sensor, n, consumers):
    await start.wait()
    for i in range(n):
        await q.put((i, sensor.read()))
    for _ in range(consumers):
        await q.put(None)
    return "produced %d" % n


async def consumer(name, q, lock, log, stats):
    count = 0
    while True:
        item = await q.get()
        if item is None:
            break
        i, value = item
        async with lock:
            log.append("%s:%d=%d" % (name, i, value))
            stats["sum"] = stats.get("sum", 0) + value
            stats["max"] = max(stats.get("max", 0), value)
        count += 1
        await asyncio.sleep(0)
    return name, count


async def request(delay, reply):
    await asyncio.sleep(delay)
    return reply


async def watcher(ev, trace):
    trace.append("watching")
    try:
        await ev.wait()
        trace.append("never")
    except asyncio.CancelledError:
        trace.append("cancelled")
        raise
    finally:
        trace.append("cleanup")


async def main():
    led = Led()
    blink = asyncio.create_task(blinker(led, 0.05))
    q = asyncio.Queue(maxsize=2)
    start = asyncio.Event()
    lock = asyncio.Lock()
    log = []
    stats = {}
    sensor = Sensor(7)
    work = asyncio.gather(
        producer(q, start, sensor, 7, 2),
        consumer("a", q, lock, log, stats),
        consumer("b", q, lock, log, stats),
    )
    await asyncio.sleep(0)
    print("before start:", start.is_set(), q.empty(), q.maxsize, lock.locked())
    start.set()
    results = await work
    print(results)
    print(log)
    print(sorted(stats.items()), q.qsize())

    # A request answered in time, one that times out, one with no timeout.
    print(await asyncio.wait_for(request(0, "fast"), 1))
    try:
        await asyncio.wait_for(request(1, "slow"), 0.1)
    except asyncio.TimeoutError:
        print("slow request timed out")
    print(await asyncio.wait_for(request(0.05, "unbounded"), None))

    # A watcher waiting on an event nobody sets is cancelled.
    trace = []
    never = asyncio.Event()
    w = asyncio.create_task(watcher(never, trace))
    await asyncio.sleep(0)
    print(w.done(), w.cancel())
    try:
        await w
    except asyncio.CancelledError:
        print("watcher cancelled:", w.cancelled(), trace)

    # Failures inside gather come back as values with return_exceptions.
    async def flaky(n):
        await asyncio.sleep(0)
        if n % 2:
            raise ValueError("odd %d" % n)
        return n

    out = await asyncio.gather(*[flaky(n) for n in range(4)], return_exceptions=True)
    print([r if isinstance(r, int) else repr(r) for r in out])

    # Stop the blinker: it switches the LED off on its way out.
    print("blinked:", led.toggles > 0)
    blink.cancel()
    try:
        await blink
    except asyncio.CancelledError:
        pass
    print("blinker:", blink.cancelled(), led.on)
    return "done"


print(asyncio.run(main()))
