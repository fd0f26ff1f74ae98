class Resource:
    def __init__(self, name):
        self.name = name
    async def __aenter__(self):
        print("acquire", self.name)
        return self
    async def __aexit__(self, et, ev, tb):
        print("release", self.name, et.__name__ if et else None)
        return et is KeyError
async def work(fail):
    async with Resource("db") as r:
        async with Resource("cache"):
            if fail == "key":
                raise KeyError("swallowed by db")
            if fail == "value":
                raise ValueError("propagates")
        return "ok " + r.name
def run(c):
    try:
        c.send(None)
    except StopIteration as e:
        return e.value
for mode in [None, "key", "value"]:
    try:
        print("->", run(work(mode)))
    except ValueError as e:
        print("ValueError:", e)
class AsyncCounter:
    def __init__(self, n):
        self.n = n
    def __aiter__(self):
        self.i = 0
        return self
    async def __anext__(self):
        self.i += 1
        if self.i > self.n:
            raise StopAsyncIteration
        return self.i * self.i
async def collect():
    out = []
    async for v in AsyncCounter(5):
        if v == 9:
            continue
        out.append(v)
    else:
        out.append("done")
    return out
print(run(collect()))
