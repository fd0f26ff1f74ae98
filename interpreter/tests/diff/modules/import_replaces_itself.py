# `import m` gives sys.modules["m"] after m's body ran, even when the body replaced it.
import sys

import _replaced

print(type(_replaced).__name__)
print(_replaced.describe())
print(sys.modules["_replaced"] is _replaced)
import _replaced as again

print(again is _replaced)
from _replaced import level

print(level)
_replaced.level = 7
import _replaced

print(_replaced.describe())
