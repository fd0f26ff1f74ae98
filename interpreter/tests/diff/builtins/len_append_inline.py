# `len(x)` and `l.append(x)` as the dispatch loop does them in place, and the cases it must
# leave to the general call: a subclass with its own append, bound and unbound method
# objects, a shadowed or replaced `len`, wrong arguments.


class MyList(list):
    def append(self, x):
        super().append(x * 2)



class MyDict(dict):
    pass


buf = []
for i in range(10):
    buf.append(i)
    if len(buf) == 4:
        print("four", buf)
print(buf, len(buf))

m = MyList()
m.append(3)
print(m, len(m))
list.append(m, 5)
print(m, len(m))

print(len("héllo"), len(b"abc"), len((1, 2)), len({1: 2}), len({1, 2, 3}), len(MyDict(a=1)))
print(len(range(5)), len(frozenset([1])), len(bytearray(3)), len({}.keys()))

ap = buf.append
ap(99)
unbound = list.append
unbound(buf, 100)
print(buf[-2:], len(buf))

for bad in (lambda: len(5), lambda: len(), lambda: len([], [])):
    try:
        bad()
        print("no error")
    except TypeError as e:
        print("TypeError", e)


def shadow():
    len = lambda x: "mine"
    return len([1, 2])


print(shadow())
import builtins

orig = builtins.len
builtins.len = lambda x: -1
print(len([1, 2, 3]))
builtins.len = orig
print(len([1, 2, 3]))

t = (1, 2)
try:
    t.append(3)
except AttributeError as e:
    print("AttributeError", e)

# The list grows past what it held: the capacity the heap is charged follows.
big = []
for i in range(1000):
    big.append(i)
print(len(big), sum(big))
