# Instances of a class whose MRO all has __slots__ have no __dict__ (AttributeError, vars()
# TypeError); a subclass without __slots__, or '__dict__' in the slots, brings it back.
class W:
    __slots__ = ("a",)
w = W()
try:
    w.b = 1
except AttributeError as e:
    print("AttributeError", e)
print(hasattr(w, "__dict__"))
try:
    print(w.__dict__)
except AttributeError as e:
    print("AttributeError", e)
try:
    print(vars(w))
except TypeError as e:
    print("TypeError", e)
class Open(W):
    pass
o = Open(); o.b = 2; print(o.__dict__, vars(o))
class WithDict:
    __slots__ = ("a", "__dict__")
d = WithDict(); d.z = 1; print(d.__dict__)
w.a = 5; print(w.a, getattr(w, "__dict__", "none"))
