class CM:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None, exc)
        return False
with CM("a") as v:
    print("body", v)
with CM("x") as x, CM("y") as y:
    print("both", x, y)
try:
    with CM("err"):
        raise ValueError("boom")
except ValueError as e:
    print("propagated", e)
class Suppress:
    def __enter__(self):
        return self
    def __exit__(self, t, v, tb):
        print("suppressing", t.__name__)
        return True
with Suppress():
    1 / 0
print("after suppress")
def f():
    with CM("ret"):
        return "returned"
print(f())
for i in range(3):
    with CM(str(i)):
        if i == 1:
            continue
        if i == 2:
            break
        print("loop body", i)
