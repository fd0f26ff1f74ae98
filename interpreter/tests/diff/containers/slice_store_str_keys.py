# Slice assignment from another sequence of the same length (copied in place), slices of
# small lists in a loop, and str keys looked up in dicts and sets (`k in d`, `d[k]`).
a = list(range(10))
b = list(range(100, 110))
a[2:5] = b[3:6]
print(a)
a[:4] = a[3::-1]
print(a)
a[::2] = b[:5]
print(a)
a[::-2] = (1, 2, 3, 4, 5)
print(a)
a[1:3] = a[5:7]
print(a)
a[1:3] = [9]
print(a)
a[8:20] = (7, 7)
print(a)
a[-3:] = a[:3]
print(a)
a[2:2] = ()
print(a)
try:
    a[::3] = [1]
except ValueError as e:
    print("ValueError", e)
t = tuple(range(6))
print(t[1:4], t[::-1], a[-100:100:3], a[5:1:-1], a[5:1])
print(list(range(0, 10, 1)), len(range(10, 0, -1)), len(range(3, 9)), list(range(9, 3, -1)))

# fannkuch's flip: many small slices, each a new list
perm = [3, 1, 4, 0, 2, 5, 6]
total = 0
for r in range(300):
    p = perm[:]
    k = p[0]
    while k:
        p[:k + 1] = p[k::-1]
        total += 1
        k = p[0]
    perm = perm[1:] + perm[:1]
print(total, perm)

d = {"a": 1, "b": 2}
print("a" in d, "c" in d, "c" not in d, d["a"], d["b"])
try:
    d["zz"]
except KeyError as e:
    print("KeyError", e)
s = {"p", "q"}
print("p" in s, "r" in s, "p" not in s, "q" not in s)
k = "ab" + "c"
d[k] = 3
print("abc" in d, d["abc"], d[k])
print(1 in d, (1,) in {(1,): 2}, "a" in {1: 2}, "a" in "cat", "a" in ["a"])
counts = {}
for w in "x y z x y x".split():
    if w in counts:
        counts[w] += 1
    else:
        counts[w] = 1
print(sorted(counts.items()), counts["x"])

# str-keyed stores: new keys, overwrites, a namespace dict, a dict changed while iterated
pairs = {}
words = "a b a c b a".split()
for x, y in zip(words, words[1:]):
    key = x + "|" + y
    if key in pairs:
        pairs[key] += 1
    else:
        pairs[key] = 1
print(sorted(pairs.items()))
g = globals()
g["made_here"] = 5
print(made_here)
g["made_here"] = 6
print(made_here)
class K(str):
    pass
kd = {K("k"): 1}
kd["k"] = 2
print(len(kd), sorted(kd.values()))
big = {}
for i in range(40):
    big[str(i)] = i
    big[str(i)] += 1
print(len(big), big["0"], big["39"], sum(big.values()))
try:
    for k in big:
        big[k + "!"] = 0
except RuntimeError as e:
    print("RuntimeError", e)

# for a, b in zip(...): shorter iterator first or second, a shared iterator, strict
it = iter([1, 2, 3, 4, 5])
for a, b in zip(it, "xy"):
    print(a, b)
print(next(it), list(it))
for a, b, c in zip(range(3), [4, 5, 6, 7], (8, 9, 10)):
    print(a + b + c, end=" ")
print()
for a, b in zip("abc", range(10)):
    print(a, b, end="; ")
print()
try:
    for a, b in zip([1, 2], [3], strict=True):
        print(a, b)
except ValueError as e:
    print("ValueError", e)
