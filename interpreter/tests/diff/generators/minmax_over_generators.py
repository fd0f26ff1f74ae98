# min()/max() over generators and Python iterables (run by the builtin's bytecode helper).

def gen(xs):
    for x in xs:
        yield x

print(max(gen([3, 9, 2, 9, 1])), min(gen([3, 9, 2, 0, 1])))
print(max(x % 7 for x in range(50)), min(x * x for x in range(-3, 4)))
print(max(gen([5])), min(gen(["b"])))

# Ties keep the first item, with and without a key.
pairs = [(1, "a"), (3, "b"), (3, "c"), (0, "d"), (0, "e")]
print(max(gen(pairs), key=lambda p: p[0]), min(gen(pairs), key=lambda p: p[0]))
print(max(gen([1.0, 1, True])), min(gen([0, 0.0, False])))

# The key runs once per item, in order.
calls = []
def key(x):
    calls.append(x)
    return -x
print(max(gen([4, 1, 7]), key=key), calls)
calls.clear()
print(min([4, 1, 7], key=key), calls)

# Empty: default, or ValueError naming the builtin.
print(max(gen([]), default="none"), min(gen([]), default=None))
print(max(gen([2]), default="unused"))
for f in (max, min):
    try:
        f(gen([]))
    except ValueError as e:
        print("ValueError", e)
    try:
        f(gen([]), key=abs)
    except ValueError as e:
        print("ValueError", e)

# Incomparable items raise the comparison's TypeError.
try:
    max(gen([1, "a"]))
except TypeError as e:
    print("TypeError", e)
try:
    min(gen([[1], 2]), key=lambda v: v)
except TypeError as e:
    print("TypeError", e)

# An iterable class (a new iterator per iter()) and an iterator class.
class Bag:
    def __init__(self, items):
        self.items = items
    def __iter__(self):
        return iter(self.items)

class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n == 0:
            raise StopIteration
        self.n -= 1
        return self.n

print(max(Bag([2, 8, 3])), min(Bag([2, 8, 3]), key=lambda v: -v), max(Countdown(5)))
c = Countdown(4)
print(min(c), list(c))

# A generator's exception passes through; the generator is left finished.
def bad():
    yield 1
    raise KeyError("inside")
g = bad()
try:
    max(g)
except KeyError as e:
    print("KeyError", e, list(g))
