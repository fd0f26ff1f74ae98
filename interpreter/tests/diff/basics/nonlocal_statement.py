def outer():
    x = 0
    def inc():
        nonlocal x
        x += 1
        return x
    inc(); inc(); inc()
    return x
print(outer())
def counter_factory():
    count = 0
    def step(by=1):
        nonlocal count
        count += by
        return count
    def peek():
        return count
    return step, peek
step, peek = counter_factory()
step(); step(5)
print(peek())
def deep():
    v = "a"
    def mid():
        def inner():
            nonlocal v
            v += "c"
        nonlocal v
        v += "b"
        inner()
    mid()
    return v
print(deep())
