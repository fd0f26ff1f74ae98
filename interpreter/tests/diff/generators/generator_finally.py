def resource():
    print("open")
    try:
        for i in range(3):
            yield i
    finally:
        print("close")
for x in resource():
    print("got", x)
# A generator left by `break` is closed explicitly: when an abandoned one
# would be finalised depends on the memory manager (CPython's refcounting
# does it at once, a tracing GC later), so that is not part of the test.
r = resource()
for x in r:
    if x == 1:
        break
print("after break")
r.close()
print("after close")
def nested():
    try:
        try:
            yield "a"
        finally:
            print("inner finally")
        yield "b"
    finally:
        print("outer finally")
g = nested()
print(next(g))
print(next(g))
g.close()
print(list(nested()))
