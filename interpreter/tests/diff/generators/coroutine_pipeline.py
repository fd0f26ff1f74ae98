def printer():
    while True:
        item = yield
        print("printer got", item)
def filt(pred, target):
    while True:
        item = yield
        if pred(item):
            target.send(item)
def mapper(f, target):
    while True:
        target.send(f((yield)))
p = printer(); next(p)
f = filt(lambda x: x % 2 == 0, p); next(f)
m = mapper(lambda x: x * 10, f); next(m)
for i in range(5):
    m.send(i)
def averager():
    total = count = 0
    avg = None
    while True:
        v = yield avg
        total += v
        count += 1
        avg = total / count
a = averager(); next(a)
print([a.send(v) for v in [10, 20, 30, 5]])
