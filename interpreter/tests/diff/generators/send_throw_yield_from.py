def inner():
    try:
        x = yield "inner-1"
        print("inner got", x)
        y = yield "inner-2"
        print("inner got", y)
    except KeyError as e:
        print("inner caught", repr(e))
        yield "inner-recovered"
    return "inner-ret"
def outer():
    r = yield from inner()
    print("outer got return", r)
    yield "outer-end"
g = outer()
print(next(g))
print(g.send("A"))
print(g.throw(KeyError("boom")))
print(next(g))
try:
    next(g)
except StopIteration:
    print("done")
g = outer()
next(g)
g.close()
print("closed via outer")
