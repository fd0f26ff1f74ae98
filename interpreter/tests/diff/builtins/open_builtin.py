import time
# A fresh file in /tmp: tests must not write into the source tree, and two
# test runs may overlap.
fname = "/tmp/pyrite_open_builtin_%d.txt" % time.time_ns()
with open(fname, "w") as f:
    f.write("line one\n")
    f.write("line two\n")
    print(f.write("third"), "chars written")
with open(fname) as f:
    print(repr(f.read()))
with open(fname) as f:
    print(f.readline(), end="")
    print(f.readlines())
with open(fname) as f:
    for line in f:
        print("iter:", line.rstrip())
with open(fname, "a") as f:
    f.write("\nappended")
with open(fname, "rb") as f:
    data = f.read()
    print(type(data).__name__, len(data), data[-8:])
with open(fname, "wb") as f:
    f.write(b"\x00\x01binary")
with open(fname, "rb") as f:
    print(f.read())
try:
    import os  # the os module belongs to the standard library (issue 7)
    os.remove(fname)
except ImportError:
    pass
try:
    open("_definitely_missing_file.txt")
except OSError as e:
    print(type(e).__name__, isinstance(e, OSError))
