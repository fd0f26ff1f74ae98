# micropython.schedule: callbacks run soon, between bytecodes, in order, never nested;
# a full queue raises RuntimeError; heap_lock makes allocation fail with MemoryError.
import micropython
import time

log = []


def cb(arg):
    log.append(arg)
    if arg == "first":
        micropython.schedule(cb, "scheduled from a callback")
        log.append("first done")


micropython.schedule(cb, "first")
micropython.schedule(cb, "second")
for _ in range(100):  # a few bytecodes later everything has run
    pass
print(log)


def flood(_):
    # Callbacks never nest: everything scheduled here waits until this one returns, so the
    # 8-entry queue fills up.
    n = 0
    try:
        for i in range(20):
            micropython.schedule(log.append, i)
            n += 1
    except RuntimeError as e:
        print("RuntimeError:", e, "after", n)


log.clear()
micropython.schedule(flood, None)
time.sleep_ms(1)
print(log)

micropython.heap_lock()
try:
    x = [1, 2, 3] * 1000
    print("allocated?")
except MemoryError:
    print("MemoryError while the heap is locked")
print(micropython.heap_unlock(), micropython.heap_locked())
print(len([1, 2, 3] * 1000))
