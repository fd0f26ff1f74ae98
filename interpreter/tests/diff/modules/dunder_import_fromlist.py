# __import__ as CPython: a dotted name without a fromlist gives the top package (so
# `__import__("a.b").b` works), with a fromlist the named module; both leave the whole
# chain in sys.modules.
import sys
top = __import__("_rel._sub._c")
print(top.__name__, top._sub._c.C)
leaf = __import__("_rel._sub._c", None, None, ["C"])
print(leaf.__name__, leaf.C)
print(__import__("_rel._b", globals(), locals(), []).__name__)
print(__import__("_rel._b", fromlist=("B",)).B)
print(sorted(k for k in sys.modules if k.startswith("_rel")))
print(__import__("math").__name__)
for bad in ("", "no_such_mod.x"):
    try:
        __import__(bad)
    except (ImportError, ValueError) as e:
        print(type(e).__name__, e)
