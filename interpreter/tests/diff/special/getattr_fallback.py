class Record:
    def __init__(self, **fields):
        self._fields = fields
    def __getattr__(self, name):
        try:
            return self._fields[name]
        except KeyError:
            raise AttributeError(f"no field {name!r}") from None
r = Record(a=1, b="x")
print(r.a, r.b)
try:
    r.c
except AttributeError as e:
    print("AttributeError:", e)
print(getattr(r, "c", "default"), hasattr(r, "a"), hasattr(r, "zz"))
class Lazy:
    def __getattr__(self, name):
        print("computing", name)
        value = len(name)
        setattr(self, name, value)
        return value
l = Lazy()
print(l.hello, l.hello, l.hi)
