def accumulator():
    total = 0
    while True:
        x = yield total
        if x is None:
            break
        total += x
    return total
g = accumulator()
print(next(g))
print(g.send(5))
print(g.send(10))
try:
    g.send(None)
except StopIteration as e:
    print("final", e.value)
def coro():
    received = []
    try:
        while True:
            received.append((yield len(received)))
    finally:
        print("received", received)
c = coro()
c.send(None)
c.send("a")
c.send("b")
c.close()
g2 = accumulator()
try:
    g2.send(1)
except TypeError as e:
    print("TypeError:", e)
