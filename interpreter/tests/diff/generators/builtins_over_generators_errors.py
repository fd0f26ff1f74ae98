# Errors raised inside builtins that consume generators: types, messages, PEP 479.
def gen(n):
    for i in range(n):
        yield i

def bad():
    yield 1
    raise KeyError("boom")

for f in (sum, list, max, sorted, set, tuple, any):
    try:
        f(bad())
    except KeyError as e:
        print(f.__name__, "KeyError", e)
try:
    sum(x for x in ["a"])
except TypeError as e:
    print("TypeError:", e)
try:
    sum(gen(2), "")
except TypeError as e:
    print("TypeError:", e)
try:
    "-".join(x for x in [1])
except TypeError as e:
    print("TypeError:", e)
try:
    dict(x for x in [1])
except TypeError as e:
    print("TypeError:", e)
try:
    dict(x for x in ["abc"])
except ValueError as e:
    print("ValueError:", e)
try:
    sorted(gen(3), foo=1)
except TypeError as e:
    print("TypeError:", e)
try:
    max(gen(3), key=5)
except TypeError as e:
    print("TypeError:", e)
try:
    [1].sort(bar=2)
except TypeError as e:
    print("TypeError:", e)

def stop_inside():
    yield 1
    raise StopIteration("bad")

for f in (list, sum, tuple):
    try:
        f(stop_inside())
    except RuntimeError as e:
        print("RuntimeError:", e, repr(e.__cause__))
try:
    for x in stop_inside():
        pass
except RuntimeError as e:
    print("RuntimeError:", e, repr(e.__cause__))
g = stop_inside()
next(g)
try:
    next(g)
except RuntimeError as e:
    print("RuntimeError:", e, repr(e.__cause__))

# A partial result stays with the generator when the consumer stops early.
g = gen(10)
print(4 in g, next(g), list(g))
