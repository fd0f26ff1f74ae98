x = 10
del x
try:
    print(x)
except NameError as e:
    print("NameError:", e)
lst = [0, 1, 2, 3, 4, 5]
del lst[0]
print(lst)
del lst[1:3]
print(lst)
del lst[::2]
print(lst)
d = {"a": 1, "b": 2, "c": 3}
del d["b"]
print(d)
try:
    del d["zzz"]
except KeyError as e:
    print("KeyError", e)
class O:
    pass
o = O()
o.attr = 1
o.other = 2
del o.attr
print(hasattr(o, "attr"), hasattr(o, "other"))
a, b = 1, 2
del a, b
print("a" in dir(), "b" in dir())
