# A generator suspended inside try/finally (or with) that a for loop leaves early by
# break, return or an exception is closed right away when the loop held the only
# reference: its finally runs before the code after the loop.
class Res:
    def __init__(self, tag):
        self.tag = tag

    def __enter__(self):
        print("open", self.tag)
        return self

    def __exit__(self, *exc):
        print("close", self.tag, exc[0])
        return False


def gen(tag):
    try:
        yield 1
        yield 2
    finally:
        print("cleanup", tag)


def lines(tag):
    with Res(tag):
        for i in range(5):
            yield i


for x in gen("break"):
    break
print("after break")


def first():
    for x in gen("return"):
        return x


print(first(), "after return")


def find(target):
    for v in lines("with"):
        if v == target:
            return v
    return None


print(find(2), "after with")

try:
    for x in gen("raise"):
        raise ValueError("boom")
except ValueError as e:
    print("caught", e)

for i in range(2):
    for x in gen("inner %d" % i):
        if x == 1:
            break
    print("outer", i)

kept = gen("kept")
for x in kept:
    break
print("kept open", next(kept))
kept.close()


def nested_return():
    for a in gen("outer"):
        for b in gen("inner"):
            return a + b


print(nested_return())
total = 0
for x in gen("full"):
    total += x
print("total", total)
