class Sleep:
    def __init__(self, ticks):
        self.ticks = ticks
    def __await__(self):
        for i in range(self.ticks):
            got = yield ("sleep", i)
            print("resumed with", got)
        return f"slept {self.ticks}"
async def task(name, n):
    print(name, "start")
    r = await Sleep(n)
    print(name, r)
    return name.upper()
c = task("t1", 2)
step = 0
value = None
while True:
    try:
        req = c.send(value)
        print("yielded", req)
        step += 1
        value = step * 100
    except StopIteration as e:
        print("done:", e.value)
        break
