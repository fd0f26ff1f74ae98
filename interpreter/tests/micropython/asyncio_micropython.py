# MicroPython-only asyncio API: sleep_ms, wait_for_ms, ThreadSafeFlag, get_event_loop().
import asyncio
import time


async def blink(name, period_ms, times, log):
    for i in range(times):
        log.append("%s%d" % (name, i))
        await asyncio.sleep_ms(period_ms)


async def flag_setter(flag, delay_ms, log):
    await asyncio.sleep_ms(delay_ms)
    log.append("set")
    flag.set()


async def main():
    log = []
    # wakes 50 ms apart (a at 0, 100, 200; b at 0, 150), so a loaded machine keeps the order
    await asyncio.gather(blink("a", 100, 3, log), blink("b", 150, 2, log))
    print(log)
    t0 = time.ticks_ms()
    await asyncio.sleep_ms(50)
    print("slept >= 50 ms:", time.ticks_diff(time.ticks_ms(), t0) >= 50)
    try:
        await asyncio.wait_for_ms(asyncio.sleep_ms(500), 20)
    except asyncio.TimeoutError:
        print("wait_for_ms timed out")
    async def quick():
        await asyncio.sleep_ms(5)
        return "in time"

    print(await asyncio.wait_for_ms(quick(), 500))
    flag = asyncio.ThreadSafeFlag()
    log = []
    asyncio.create_task(flag_setter(flag, 20, log))
    await flag.wait()
    log.append("woke")
    print(log)
    # a flag set before wait() returns at once, and wait() clears it
    flag.set()
    await flag.wait()
    print("no wait")
    try:
        await asyncio.wait_for_ms(flag.wait(), 20)
    except asyncio.TimeoutError:
        print("flag was cleared")
    flag.set()
    flag.clear()
    try:
        await asyncio.wait_for_ms(flag.wait(), 20)
    except asyncio.TimeoutError:
        print("clear() works")


loop = asyncio.get_event_loop()
loop.run_until_complete(main())
print(asyncio.get_event_loop() is loop)
import uasyncio
print(uasyncio.sleep_ms is asyncio.sleep_ms, uasyncio.CancelledError is asyncio.CancelledError)
