class Strict:
    allowed = {"x", "y"}
    def __setattr__(self, name, value):
        if name not in self.allowed:
            raise AttributeError(f"cannot set {name}")
        super().__setattr__(name, value)
s = Strict()
s.x = 1
try:
    s.z = 2
except AttributeError as e:
    print("AttributeError:", e)
print(s.x, vars(s))
class Frozen:
    def __init__(self, v):
        object.__setattr__(self, "v", v)
    def __setattr__(self, n, v):
        raise AttributeError("frozen")
    def __delattr__(self, n):
        raise AttributeError("frozen del")
f = Frozen(3)
for action in (lambda: setattr(f, "v", 4), lambda: delattr(f, "v")):
    try:
        action()
    except AttributeError as e:
        print(e)
print(f.v)
