d = {"a": 1, "b": 2}
d["c"] = 3
print(d, len(d), d["a"], d.get("z"), d.get("z", 0), "a" in d, 1 in d)
print(list(d.keys()), list(d.values()), list(d.items()))
print(d.pop("b"), d.pop("zz", "default"), d)
try:
    d.pop("zz")
except KeyError as e:
    print("KeyError:", e)
print(d.setdefault("a", 100), d.setdefault("n", []), d)
d["n"].append(1)
d.update({"x": 9}, y=10)
d.update([("p", 1)])
print(d)
print(d.popitem(), d)
c = d.copy()
c["new"] = 1
print("new" in d, "new" in c)
print(dict.fromkeys("abc"), dict.fromkeys([1, 2], 0))
d.clear()
print(d)
try:
    {}.popitem()
except KeyError as e:
    print("KeyError:", e)
print(dict(a=1, b=2), dict([("x", 1)]), dict({"m": 1}, n=2), dict(zip("ab", [1, 2])))
try:
    {"a": 1}["b"]
except KeyError as e:
    print("KeyError:", e, repr(e))
