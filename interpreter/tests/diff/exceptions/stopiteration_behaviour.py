it = iter([1])
print(next(it))
try:
    next(it)
except StopIteration as e:
    print("StopIteration", e.args, e.value)
print(next(it, "default"))
def gen():
    yield 1
    return 5
g = gen()
next(g)
try:
    next(g)
except StopIteration as e:
    print("return value", e.value)
class It:
    def __iter__(self):
        return self
    def __next__(self):
        raise StopIteration("custom")
print(list(It()))
for x in It():
    print("never")
print("for loop ended cleanly")
