# importlib.import_module: absolute and relative names, the module object from sys.modules,
# and CPython's errors.
import importlib
import sys
m = importlib.import_module("_rel._sub._c")
print(m.__name__, m.C, m is sys.modules["_rel._sub._c"])
print(importlib.import_module("._b", "_rel").B)
print(importlib.import_module(".._b", "_rel._sub").__name__)
print(importlib.import_module("._sub", package="_rel").__name__)
print(importlib.import_module("json").dumps([1]))
for args in (("._b",), ("...x", "_rel._sub"), ("no_such_mod_here",)):
    try:
        importlib.import_module(*args)
    except (ImportError, TypeError) as e:
        print(type(e).__name__, e)
importlib.invalidate_caches()
print("done")
