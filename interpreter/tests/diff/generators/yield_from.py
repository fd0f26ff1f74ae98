def inner():
    yield 1
    yield 2
    return "inner done"
def outer():
    r = yield from inner()
    print("inner returned", r)
    yield from [10, 20]
    yield from range(3)
    yield from "ab"
print(list(outer()))
def flatten(x):
    if isinstance(x, list):
        for y in x:
            yield from flatten(y)
    else:
        yield x
print(list(flatten([1, [2, [3, [4, 5]], 6], [[7]]])))
def chain(*its):
    for it in its:
        yield from it
print(list(chain([1], (2, 3), {4: 0})))
def deleg():
    x = yield from echo()
    yield ("final", x)
def echo():
    got = yield "ready"
    while got != "stop":
        got = yield f"echo {got}"
    return "stopped"
g = deleg()
print(next(g), g.send("a"), g.send("b"), g.send("stop"))
