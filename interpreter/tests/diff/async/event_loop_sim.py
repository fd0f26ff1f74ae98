import time
class Sleep:
    def __init__(self, t):
        self.t = t
    def __await__(self):
        yield ("sleep", self.t)
class Loop:
    def __init__(self):
        self.now = 0
        self.ready = []
    def spawn(self, coro):
        self.ready.append((0, len(self.ready), coro))
    def run(self):
        seq = 100
        while self.ready:
            self.ready.sort()
            wake, _, coro = self.ready.pop(0)
            self.now = max(self.now, wake)
            try:
                cmd = coro.send(None)
            except StopIteration as e:
                print(f"[t={self.now}] finished -> {e.value}")
                continue
            seq += 1
            self.ready.append((self.now + cmd[1], seq, coro))
loop = Loop()
async def blink(name, period, times):
    for i in range(times):
        print(f"[t={loop.now}] {name} {i}")
        await Sleep(period)
    return name
loop.spawn(blink("led", 3, 3))
loop.spawn(blink("sensor", 2, 4))
loop.run()
