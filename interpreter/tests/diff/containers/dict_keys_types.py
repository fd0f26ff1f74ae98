d = {1: "int", "1": "str", (1,): "tuple", None: "none", True: "bool?", 2.5: "float", frozenset([1]): "fs"}
print(d)
print(d[1], d[True], d[1.0], d[(1,)], d[None], d[frozenset({1})])
d2 = {}
d2[0] = "zero"
d2[False] = "false"
d2[0.0] = "float zero"
print(d2)
big = {2 ** 100: "big", -(2 ** 70): "neg big"}
print(big[2 ** 100], big[-(2 ** 70)])
try:
    d[[1]] = 1
except TypeError as e:
    print("TypeError:", e)
try:
    d[{}] = 1
except TypeError as e:
    print("TypeError:", e)
counts = {}
for w in "a b a c b a".split():
    counts[w] = counts.get(w, 0) + 1
print(counts, max(counts, key=counts.get))
