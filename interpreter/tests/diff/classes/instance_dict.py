class Bag:
    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)
b = Bag(x=1, y="two")
print(b.__dict__)
b.__dict__["z"] = 3
print(b.z)
print(vars(b) is b.__dict__)
print(sorted(k for k in dir(b) if not k.startswith("_")))
class Meta:
    pass
print(type(Meta.__dict__).__name__ in ("mappingproxy", "dict"))
