# `for a, b in zip(...)`: the items go straight to the targets (list, tuple and range
# iterators stepped in place, the stores run with the step); shapes that must still take the
# general path, and what the iterators hold after the loop.
def pairs(x, y):
    out = []
    for a, b in zip(x, y):
        out.append(a + b)
    return out

print(pairs([1, 2, 3], [10, 20, 30]), pairs("abc", ["x", "y"]), pairs(range(3), (5, 6, 7, 8)))
print(pairs([], [1]), pairs([1.5], range(10**6)))

def bigrams(text):
    words = text.split()
    counts = {}
    for a, b in zip(words, words[1:]):
        key = a + "|" + b
        if key in counts:
            counts[key] += 1
        else:
            counts[key] = 1
    return sorted(counts.items())

print(bigrams("a b a b c a b"))

def three(x, y, z):
    return [(a, b, c) for a, b, c in zip(x, y, z)] + [a * b - c for a, b, c in zip(x, y, z)]

print(three([1, 2], (3, 4, 5), range(7, 100)))

def gen(n):
    for i in range(n):
        yield i * i

def with_gen():
    out = []
    for a, b in zip(gen(4), [1, 2, 3, 4, 5]):
        out.append((a, b))
    for a, b in zip([9, 8, 7], gen(2)):
        out.append((a, b))
    return out

print(with_gen())

def leftovers():
    it = iter([1, 2, 3, 4])
    short = [0, 0]
    for a, b in zip(it, short):
        pass
    # zip took 1, 2 from it, then 3 before noticing `short` ended.
    return list(it), a, b

print(leftovers())

def after_end():
    lst = [1, 2]
    it = iter(lst)
    for a, b in zip(it, [5, 6, 7]):
        last = (a, b)
    lst.append(3)
    return last, next(it, "done")

print(after_end())

def strict():
    out = []
    try:
        for a, b in zip([1, 2, 3], [4, 5], strict=True):
            out.append(a * b)
    except ValueError as e:
        out.append(str(e))
    return out

print(strict())

def wrong_targets():
    try:
        for a, b in zip([(1, 2)], [3], [4]):
            pass
    except ValueError as e:
        return str(e)

print(wrong_targets())

def nested_targets():
    return [(a, b, c) for (a, b), c in zip([(1, 2), (3, 4)], "xy")]

print(nested_targets())

def mutate_during():
    x = [1, 2, 3]
    out = []
    for a, b in zip(x, range(10)):
        if len(x) < 6:
            x.append(a * 10)
        out.append((a, b))
    return out

print(mutate_during())

class Seq:
    def __init__(self, n):
        self.n = n

    def __getitem__(self, i):
        if i >= self.n:
            raise IndexError
        return i * 3

print([(a, b) for a, b in zip(Seq(3), [7, 8, 9, 10])])
