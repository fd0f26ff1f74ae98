import sys
sys.stdout.write("direct write\n")
print(sys.implementation.name in ("cpython", "pyrite", "micropython"))
print(type(sys.platform).__name__)
try:
    raise ValueError("shown on stderr")
except ValueError as e:
    if hasattr(sys, "print_exception"):
        sys.print_exception(e, sys.stdout) if False else None
    print("caught", e)
print(sys.maxsize > 0, isinstance(sys.version, str))
