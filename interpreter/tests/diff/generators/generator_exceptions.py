def fails():
    yield 1
    raise ValueError("inside generator")
g = fails()
print(next(g))
try:
    next(g)
except ValueError as e:
    print("ValueError:", e)
try:
    next(g)
except StopIteration:
    print("finished after error")
def stop_inside():
    yield 1
    raise StopIteration("bad")
try:
    list(stop_inside())
except RuntimeError as e:
    print("RuntimeError:", e)
def catches():
    for i in range(3):
        try:
            yield i
        except ZeroDivisionError:
            print("handled ZeroDivisionError at", i)
g = catches()
next(g)
print(g.throw(ZeroDivisionError))
print(g.throw(ZeroDivisionError()))
