class K:
    cls_attr = 1
    def method(self):
        return 2
k = K()
k.inst = 3
names = [n for n in dir(k) if not n.startswith("__")]
print(names)
print(getattr(k, "inst"), getattr(k, "cls_attr"), getattr(k, "method")(), getattr(k, "zz", None))
print(hasattr(k, "inst"), hasattr(k, "nope"), hasattr(K, "method"), hasattr(5, "real"))
try:
    getattr(k, "zz")
except AttributeError as e:
    print("AttributeError:", e)
setattr(k, "dyn", [1])
print(k.dyn, "dyn" in dir(k))
delattr(k, "dyn")
print(hasattr(k, "dyn"))
print("append" in dir([]), "keys" in dir({}), "upper" in dir(""))
import math
print("sqrt" in dir(math))
