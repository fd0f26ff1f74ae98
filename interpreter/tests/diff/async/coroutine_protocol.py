async def f():
    return 1
c = f()
print(hasattr(c, "send"), hasattr(c, "throw"), hasattr(c, "close"))
try:
    c.send(None)
except StopIteration as e:
    print(e.value)
try:
    c.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)
async def g():
    await f()
c2 = g()
c2.close()
class Future:
    def __init__(self):
        self.result = None
        self.done = False
    def __await__(self):
        while not self.done:
            yield self
        return self.result
async def waiter(fut):
    v = await fut
    return "got " + v
fut = Future()
w = waiter(fut)
print(w.send(None) is fut)
print(w.send(None) is fut)
fut.done, fut.result = True, "value"
try:
    w.send(None)
except StopIteration as e:
    print(e.value)
