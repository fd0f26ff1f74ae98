class Proxy:
    def __init__(self, target):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_log", [])
    def __getattr__(self, name):
        self._log.append(("get", name))
        return getattr(self._target, name)
    def __setattr__(self, name, value):
        self._log.append(("set", name))
        setattr(self._target, name, value)
    def __delattr__(self, name):
        self._log.append(("del", name))
        delattr(self._target, name)
class T:
    a = 1
t = T()
p = Proxy(t)
print(p.a)
p.b = 2
print(t.b, p.b)
del p.b
print(hasattr(t, "b"))
print(p._log)
class Default:
    def __getattr__(self, name):
        if name.startswith("x"):
            return name.upper()
        raise AttributeError(name)
d = Default()
print(d.xyz, getattr(d, "xa", None), getattr(d, "nope", "fallback"))
class Intercept:
    def __getattribute__(self, name):
        if name == "secret":
            return "intercepted"
        return object.__getattribute__(self, name)
i = Intercept()
i.plain = 1
print(i.secret, i.plain)
