# sys.implementation is a types.SimpleNamespace that prints its attributes in order.
import sys

imp = sys.implementation
r = repr(imp)
print(type(imp).__name__, r.startswith("namespace(name="), r.endswith(")"), str(imp) == r)
print(repr(imp.name)[1:] in r, "version=" in r, imp.name == sys.implementation.name)
print(isinstance(imp.version, tuple), len(imp.version) >= 3, imp.version >= (0,))
print(type(imp.name).__name__, imp.name.islower(), hasattr(imp, "version"))
