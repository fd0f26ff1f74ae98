def gen():
    try:
        yield 1
        yield 2
    except ValueError as e:
        print("caught in gen:", e)
        yield "recovered"
    finally:
        print("gen cleanup")
g = gen()
print(next(g))
print(g.throw(ValueError("injected")))
try:
    next(g)
except StopIteration:
    print("stopped")
g = gen()
next(g)
g.close()
print("closed")
g = gen()
next(g)
try:
    g.throw(KeyError("k"))
except KeyError as e:
    print("propagated KeyError", e)
def stubborn():
    try:
        yield 1
    except GeneratorExit:
        print("got GeneratorExit")
        raise
g = stubborn()
next(g)
g.close()
def bad():
    try:
        yield 1
    except GeneratorExit:
        yield 2
g = bad()
next(g)
try:
    g.close()
except RuntimeError as e:
    print("RuntimeError:", e)
g = gen()
g.close()
print("close before start ok")
try:
    g.throw(ValueError)
except ValueError:
    print("throw into closed gen raises")
