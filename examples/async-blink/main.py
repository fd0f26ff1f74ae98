# Async blink: three coroutines share the device cooperatively, asyncio-style.
# `await sleep_ms(n)` hands control back to a tiny event loop, which runs
# whichever task is due next and sleeps (time.sleep) until then, so the
# device stays idle between blinks.
import fleet
import machine
import time


class sleep_ms:
    def __init__(self, ms):
        self.ms = ms

    def __await__(self):
        yield self.ms


def now_ms():
    return int(time.monotonic() * 1000)


class EventLoop:
    def __init__(self):
        self.tasks = []
        self.seq = 0

    def spawn(self, coro):
        self.seq = self.seq + 1
        self.tasks.append((now_ms(), self.seq, coro))

    def run_forever(self):
        while self.tasks:
            self.tasks.sort()
            due, _, coro = self.tasks.pop(0)
            wait = due - now_ms()
            if wait > 0:
                time.sleep(wait / 1000)
            try:
                delay = coro.send(None)
            except StopIteration:
                continue
            self.seq = self.seq + 1
            self.tasks.append((now_ms() + delay, self.seq, coro))


async def blink(pin, period_ms):
    led = machine.Pin(pin, machine.Pin.OUT)
    while True:
        led.toggle()
        await sleep_ms(period_ms)


async def heartbeat():
    beats = 0
    while True:
        beats = beats + 1
        fleet.publish("beats", beats)
        if beats % 10 == 0:
            print("still blinking after", beats, "beats")
        await sleep_ms(1000)


print("async-blink on", fleet.device_id())
loop = EventLoop()
loop.spawn(blink(2, 500))
loop.spawn(blink(3, 300))
loop.spawn(heartbeat())
loop.run_forever()
