# `yield from` a list, tuple or range (stepped in the dispatch loop) and other iterables.

def chain(*parts):
    for p in parts:
        r = yield from p
        print("result", r)

print(list(chain([1, 2], (3,), range(4, 7), range(10, 0, -4), [], (), range(0))))
print(list(chain("ab", {"k": 1}, iter([8, 9]))))

# The list grows while delegated to: the new items are yielded too.
items = [1, 2]
def grower():
    yield from items
g = grower()
for x in g:
    print("got", x)
    if x < 4:
        items.append(x + 2)

# Closing, throwing into and sending None to a generator delegating to a list.
def inner():
    try:
        yield from [1, 2, 3]
    except ValueError as e:
        print("caught", e)
        yield "after"
    finally:
        print("finally")

g = inner()
print(next(g), g.send(None))
print(g.throw(ValueError("boom")))
g.close()

g = inner()
print(next(g))
g.close()

# A non-None send goes to the list iterator, which has no send().
def sender():
    yield from [1, 2]
g = sender()
next(g)
try:
    g.send(5)
except AttributeError as e:
    print("AttributeError", e)

# Nested delegation ending in a tuple, the results passing up.
def leaf():
    yield from (7, 8)
    return "leaf done"

def mid():
    r = yield from leaf()
    yield r
    yield from range(3)

print(list(mid()), sum(x for x in range(5) for _ in [0]))
