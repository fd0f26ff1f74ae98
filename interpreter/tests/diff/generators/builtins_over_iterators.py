# Builtins over Python iterator classes, sequences and map/filter/zip (pyrite continues
# them as bytecode so the embedder's budget is respected), and called from native code.
def gen(n):
    for i in range(n):
        yield i

class It:
    def __init__(self, n):
        self.n = n
        self.i = 0

    def __iter__(self):
        print("  __iter__")
        return self

    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return self.i

print(sum(It(4)), list(It(3)), max(It(3)), 2 in It(3), sorted(It(2)))
x, y = It(2)
print(x, y)

class Seq:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * 10

print(list(Seq()), sum(Seq()), 20 in Seq(), max(Seq()))

class Box:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        print("  eq", self.v, other.v)
        return self.v == other.v

print(Box(2) in (Box(i) for i in range(4)))
print(list(map(lambda x: x + 1, gen(3))), list(enumerate(gen(3))), list(zip(gen(2), "ab")))
print(list(filter(lambda x: x % 2, gen(6))), list(map(It, [1, 2]))[1].n)

# Called from native code (map, sorted's key, a subclass constructor): run nested.
print(list(map(list, [gen(3), gen(2)])), list(map(sum, [gen(3), gen(4)])))
print(sorted([3, 1, 2], key=lambda x: sum(gen(x))), list(map(sorted, [gen(3)])))

class L(list):
    pass

class T(tuple):
    pass

class D(dict):
    pass

print(L(gen(3)), type(L(gen(1))).__name__, T(gen(3)), type(T(gen(1))).__name__)
print(D((i, i) for i in gen(2)), str.join(",", (str(i) for i in gen(3))))
ex = [].extend
ex(gen(2))
print(bytearray(map(lambda x: x + 65, gen(3))))
print(list(zip(*[gen(2), gen(2)])), all(isinstance(x, int) for x in gen(10)))
