class Ticker:
    def __init__(self, n):
        self.n = n
        self.i = 0
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        return self.i
class Session:
    async def __aenter__(self):
        print("session open")
        return self
    async def __aexit__(self, et, ev, tb):
        print("session close", et.__name__ if et else None)
        return False
async def main():
    total = 0
    async with Session() as s:
        async for v in Ticker(4):
            print("tick", v)
            total += v
    return total
c = main()
try:
    c.send(None)
except StopIteration as e:
    print("total", e.value)
