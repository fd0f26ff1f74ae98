def gen():
    print("start")
    yield 1
    print("middle")
    yield 2
    print("end")
g = gen()
print(type(g).__name__)
print(next(g))
print(next(g))
try:
    next(g)
except StopIteration:
    print("exhausted")
print(list(gen()))
def squares(n):
    for i in range(n):
        yield i * i
print(sum(squares(10)), list(squares(4)))
def empty():
    return
    yield
print(list(empty()))
def with_return():
    yield 1
    return "result"
g = with_return()
next(g)
try:
    next(g)
except StopIteration as e:
    print("StopIteration value:", e.value)
