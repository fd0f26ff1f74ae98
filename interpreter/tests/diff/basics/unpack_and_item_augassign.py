# Unpacking into locals and nested targets (run without a dispatch per store), and `x[i] op= v`
# (the item read after DUP2 and stored after the in-place op): every shape that must still
# take the general path, and the errors.
def pairs_loop(pairs):
    out = []
    for ((a, b, c), v, m), ([x, y, z], w, n) in pairs:
        out.append((a - x, b - y, c - z, v, w, m + n))
    return out

p1 = ([1.0, 2.0, 3.0], [0.5], 2)
p2 = ((4, 5, 6), (7,), 3.5)
print(pairs_loop([(p1, p2), (p2, p1)]))

def star_and_mixed(t):
    a, (b, *c), d = t
    return a, b, c, d

print(star_and_mixed((1, [2, 3, 4], 5)), star_and_mixed(("x", "yz", None)))

def wrong_sizes():
    for t in ([(1, 2), 3], [(1, 2, 3), 4], [(1,), 2], [[1, 2], 3, 4], [1, 2]):
        try:
            (a, b), c = t
            print("ok", a, b, c)
        except (ValueError, TypeError) as e:
            print(type(e).__name__, e)

wrong_sizes()

def generator_targets():
    def g():
        yield 1
        yield 2
    a, b = g()
    (c, d), e = (g(), 3)
    return a, b, c, d, e

print(generator_targets())

def store_then_use(t):
    # STORE_FAST + LOAD_FAST fused after the unpack: the load still runs.
    a, b = t
    return a * b

print(store_then_use((6, 7)), store_then_use(("ab", 3)))

def unbound_after_unpack(t):
    a, b = t
    if a:
        c = 1
    return b + c

try:
    print(unbound_after_unpack((0, 1)))
except UnboundLocalError as e:
    print("UnboundLocalError", e)

def item_aug(v):
    v[0] -= 1.5
    v[1] += 2
    v[-1] *= 3
    v[0] += -0.0
    return v

print(item_aug([1.0, 2, 3]), item_aug([0.0, 2.5, -1e308]))
print(item_aug([float("inf"), float("nan"), 2**62]))

def item_aug_errors():
    for v, i in (([1, 2], 5), ([1, 2], -3), ((1, 2), 0), ({"a": 1}, "b"), ([1], "x")):
        try:
            v[i] += 1
            print("ok", v)
        except (IndexError, TypeError, KeyError) as e:
            print(type(e).__name__, e)

item_aug_errors()

class L(list):
    def __setitem__(self, i, v):
        print("set", i, v)
        super().__setitem__(i, v)

    def __getitem__(self, i):
        print("get", i)
        return super().__getitem__(i)

l = L([1, 2])
l[0] += 10
l[-1] -= 1
print(l)

class Num:
    def __init__(self, v):
        self.v = v

    def __iadd__(self, o):
        self.v += o
        return self

    def __repr__(self):
        return f"Num({self.v})"

cells = [Num(1), Num(2)]
cells[1] += 5
print(cells)

counts = {}
for w in "a b a c b a".split():
    if w in counts:
        counts[w] += 1
    else:
        counts[w] = 1
print(counts)
d = {"k": 1, 2: 3, (1, 2): 4}
d["k"] += 0.5
d[2] *= 7
d[(1, 2)] -= 4
print(d)

# f-strings joined in one buffer: non-ASCII parts, empty parts, str subclasses.
class S(str):
    pass

name = S("wörld")
print(f"héllo {name}! {''}{1:>4}{'€'*3}|{name!r}|", len(f"{name}{'ü'}"))
print(f"{'':>3}", f"{S('')}", len(f"{'日本'}{'語'}x"))
