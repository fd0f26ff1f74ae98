import _mathutil
print(_mathutil.square(7), _mathutil.PI_ISH, _mathutil.__name__)
import _mathutil as mu
print(mu is _mathutil, mu.bump(), _mathutil.bump(), mu.counter)
from _mathutil import cube, bump
print(cube(3), bump())
import sys
print("_mathutil" in sys.modules)
if __name__ == "__main__":
    print("running as main")
