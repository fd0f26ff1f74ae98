from .. import _a
C = "c" + _a.A
print("loading", __name__, __package__)
