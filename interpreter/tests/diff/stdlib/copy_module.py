import copy as copymod
class P:
    def __init__(self, v):
        self.v = v
p = P([1])
q = copymod.copy(p)
r = copymod.deepcopy(p)
p.v.append(2)
print(q.v, r.v)
orig = {"a": [1, {"b": [2]}]}
dc = copymod.deepcopy(orig)
dc["a"][1]["b"].append(3)
print(orig, dc)
sc = copymod.copy(orig)
print(sc["a"] is orig["a"])
