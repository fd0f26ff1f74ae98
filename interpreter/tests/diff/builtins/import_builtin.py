m = __import__("math")
print(m.sqrt(9), m.__name__)
import sys as system
print(system.__name__)
from math import pi as PI, floor
print(round(PI, 3), floor(2.7))
import math, sys
print(math.ceil(1.1), "path" in dir(sys))
def local_import():
    import math as m2
    return m2.gcd(12, 8)
print(local_import())
try:
    import does_not_exist_anywhere
except ModuleNotFoundError as e:
    print("ModuleNotFoundError:", e)
try:
    from math import no_such_name
except ImportError as e:
    # CPython appends the module's file path, which depends on the machine.
    print("ImportError:", str(e).split(" (")[0])
