d = {"a": 1, "b": 2, "c": 3}
k, v, it = d.keys(), d.values(), d.items()
print(len(k), "a" in k, 2 in v, ("c", 3) in it, ("c", 4) in it)
d["d"] = 4
print(list(k), list(v), list(it))
print(k & {"a", "x"}, sorted(k | {"z"}), sorted(k - {"a"}), sorted(k ^ {"a", "q"}))
print(sorted(it & {("a", 1), ("b", 9)}))
print(type(k).__name__, type(v).__name__, type(it).__name__)
try:
    for key in d:
        d["new" + key] = 0
except RuntimeError as e:
    print("RuntimeError:", e)
print(k == {"a", "b", "c", "d", "newa"}, sorted(d))
e = {}
print(list(e.keys()), list(e.items()), k.isdisjoint({"q"}))
