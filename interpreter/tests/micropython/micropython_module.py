# The micropython module and MicroPython's sys extras.
import micropython
import sys
from micropython import const

LIMIT = const(42)
print(LIMIT, micropython.const("x"))
print("opt_level", micropython.opt_level())
micropython.opt_level(2)
print("opt_level", micropython.opt_level())
micropython.opt_level(0)
micropython.alloc_emergency_exception_buf(100)
micropython.heap_lock()
micropython.heap_lock()
print("locked depth", micropython.heap_locked())
print("unlock ->", micropython.heap_unlock())
print("unlock ->", micropython.heap_unlock())
print("unlock ->", micropython.heap_unlock())


@micropython.native
def add(a, b):
    return a + b


@micropython.viper
def mul(a: int, b: int) -> int:
    return a * b


print(add(2, 3), mul(4, 5), add.__name__, mul.__name__)

import io
buf = io.StringIO()
sys.stdout.write("written directly\n")
print(sys.stdout.write("abc") if False else "", end="")
try:
    1 / 0
except ZeroDivisionError as e:
    sys.print_exception(e)  # MicroPython: stdout by default
    sys.print_exception(e, buf)
print("into StringIO:", buf.getvalue().splitlines()[-1])
print(sys.implementation.name, type(sys.implementation.version).__name__, len(sys.implementation.version))
print(hasattr(sys.implementation, "_mpy"), type(sys.platform).__name__)
r = repr(sys.implementation)
print(r.split(", version=")[0], r[r.index("_machine"):])
try:
    sys.exit(3)
except SystemExit as e:
    print("SystemExit", e.args)
