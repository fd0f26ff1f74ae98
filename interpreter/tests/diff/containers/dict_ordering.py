d = {}
for k in ["zebra", "apple", "mango", "banana"]:
    d[k] = len(k)
print(list(d))
d["apple"] = 99
print(list(d.items()))
del d["zebra"]
d["zebra"] = 0
print(list(d))
print({1: "a", 2: "b"} == {2: "b", 1: "a"})
m = {**d, "new": 1}
print(list(m))
print(d | {"extra": 5}, {"a": 1} | {"a": 2})
d |= {"apple": -1}
print(d)
rev = dict(reversed(list(d.items())))
print(rev)
print(list(reversed(d)), list(reversed(d.values())))
