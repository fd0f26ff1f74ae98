# A str subclass's instance and an equal str are the same dict/set key both ways.
class K(str):
    pass

d = {K("k"): 1}
print("k" in d, d.get("k"), K("k") in d, d["k"])
d["k"] = 5
print(len(d), d, type(list(d)[0]).__name__)
e = {"k": 2}
print(e[K("k")], K("k") in e, e.get(K("k")), hash(K("k")) == hash("k"))
print(e.pop(K("k")), e)
s = {K("a")}
print("a" in s, K("a") in {"a"})


class Upper(str):
    def __hash__(self):
        return hash(self.upper())

    def __eq__(self, other):
        return self.upper() == str(other).upper()


f = {Upper("x"): 3}
print(f.get("X"), Upper("x") in f, f.get("x"))
try:
    print(f["y"])
except KeyError as err:
    print("KeyError", err)
