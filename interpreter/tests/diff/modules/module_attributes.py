import math
import sys
print(math.__name__, sys.__name__, type(math).__name__)
print(__name__)
def f():
    pass
print(f.__module__, f.__globals__ is globals())
x = 5
print(globals()["x"], "f" in globals())
import _mathutil
print(_mathutil.__name__, hasattr(_mathutil, "square"), sorted(k for k in vars(_mathutil) if not k.startswith("_")))
print(type(_mathutil.__dict__).__name__)
