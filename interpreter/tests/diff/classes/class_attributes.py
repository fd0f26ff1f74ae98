class Config:
    defaults = {"a": 1}
    items = []
    def add(self, x):
        self.items.append(x)
c1, c2 = Config(), Config()
c1.add(1)
print(c2.items)
c1.items = ["own"]
print(c1.items, c2.items, Config.items)
print("defaults" in Config.__dict__, "items" in c1.__dict__)
print(getattr(Config, "defaults"), getattr(c1, "missing", "dflt"))
setattr(Config, "new_attr", 5)
print(c2.new_attr)
delattr(Config, "new_attr")
print(hasattr(c2, "new_attr"))
class WithSlots:
    __slots__ = ("a", "b")
    def __init__(self):
        self.a = 1
w = WithSlots()
w.b = 2
print(w.a, w.b)
try:
    w.c = 3
except AttributeError:
    print("slots prevent new attributes")
