import os
fname = "_tmp_open_builtin.txt"
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
os.remove(fname)
try:
    open("_definitely_missing_file.txt")
except OSError as e:
    print(type(e).__name__, isinstance(e, OSError))
