# Nested packages: relative imports (one and two dots), `from . import sub`,
# `import a.b.c as x`, __package__, and the ImportErrors around them.
import _rel
print(_rel.X, _rel.A, _rel._b.B, _rel._sub._c.C)
import _rel._sub._c as cc
print(cc.C, cc.__name__)
from _rel._sub import _c
print(_c is cc)
try:
    from . import nothing
except ImportError as e:
    print(type(e).__name__, e)
try:
    import _rel.nothing
except ImportError as e:
    print(type(e).__name__, e, e.name)
try:
    import no_such_top.sub
except ImportError as e:
    print(type(e).__name__, e, e.name)
print(_rel.__package__, _rel._sub.__package__, _rel._a.__package__)
