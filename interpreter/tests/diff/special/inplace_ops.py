class Acc:
    def __init__(self):
        self.items = []
    def __iadd__(self, x):
        print("iadd", x)
        self.items.append(x)
        return self
    def __isub__(self, x):
        self.items.remove(x)
        return self
    def __imul__(self, k):
        self.items = self.items * k
        return self
    def __repr__(self):
        return f"Acc{self.items}"
a = Acc()
b = a
a += 1
a += 2
a -= 1
a *= 2
print(a, a is b)
class OnlyAdd:
    def __init__(self, v):
        self.v = v
    def __add__(self, o):
        print("falls back to __add__")
        return OnlyAdd(self.v + o)
x = OnlyAdd(1)
y = x
x += 5
print(x.v, y.v, x is y)
class Grid:
    def __init__(self):
        self.cells = [0, 0, 0]
    def __getitem__(self, i):
        print("get", i)
        return self.cells[i]
    def __setitem__(self, i, v):
        print("set", i, v)
        self.cells[i] = v
g = Grid()
g[1] += 10
print(g.cells)
