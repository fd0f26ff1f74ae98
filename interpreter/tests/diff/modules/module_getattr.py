# PEP 562: a module's __getattr__ answers the names its dict lacks.
import _lazymod
print(_lazymod.plain, _lazymod.lazy_x, _lazymod.lazy_x, _lazymod.made)
from _lazymod import lazy_y
print(lazy_y, _lazymod.made)
print(hasattr(_lazymod, "lazy_z"), hasattr(_lazymod, "other"), getattr(_lazymod, "other", "dflt"))
try:
    _lazymod.other
except AttributeError as e:
    print("AttributeError", e)
try:
    from _lazymod import other
except ImportError as e:
    print("ImportError", str(e).startswith("cannot import name 'other' from '_lazymod'"))
from _lazymod import *
print(lazy_a, plain, sorted(_lazymod.made))
import collections
print(collections.Counter("abca").most_common(1), collections.deque([1, 2], 1))
