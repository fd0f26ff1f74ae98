# asyncio with hardware events: a Timer callback sets a ThreadSafeFlag, a button IRQ sets another.
import asyncio
import machine
from machine import Pin, Timer
import simboard

flag = asyncio.ThreadSafeFlag()
button_flag = asyncio.ThreadSafeFlag()
log = []


async def sampler():
    for i in range(3):
        await flag.wait()
        log.append("sample %d" % i)


async def button_task():
    await button_flag.wait()
    log.append("button pressed")


async def press_later():
    await asyncio.sleep_ms(30)
    simboard.drive(9, 0)


async def main():
    tim = Timer(period=20, mode=Timer.PERIODIC, callback=lambda t: flag.set())
    btn = Pin(9, Pin.IN, Pin.PULL_UP)
    btn.irq(lambda p: button_flag.set(), Pin.IRQ_FALLING)
    await asyncio.gather(sampler(), button_task(), press_later())
    tim.deinit()
    print(sorted(log))


asyncio.run(main())
