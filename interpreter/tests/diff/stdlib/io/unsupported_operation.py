# io.UnsupportedOperation (an OSError and a ValueError) from files used against their mode and
# from the in-memory streams' fileno/detach.
import io
import os

U = io.UnsupportedOperation
print(issubclass(U, OSError), issubclass(U, ValueError), U.__mro__[1:3])
path = "/tmp/_pyrite_uo.txt"
with open(path, "w") as f:
    f.write("hi\n")
    print(f.readable(), f.writable(), f.seekable())
    for name in ("read", "readline", "readlines"):
        try:
            getattr(f, name)()
        except U as e:
            print(name, "w:", type(e).__name__, e, isinstance(e, OSError), isinstance(e, ValueError))
with open(path) as f:
    print(f.readable(), f.writable(), f.seekable())
    for name, arg in (("write", "x"), ("writelines", ["x"])):
        try:
            getattr(f, name)(arg)
        except OSError as e:
            print(name, "r:", type(e).__name__, e)
    print(f.read())
with open(path, "rb") as f:
    try:
        f.write(b"x")
    except ValueError as e:
        print("write rb:", type(e).__name__, e)
with open(path, "ab") as f:
    print(f.readable(), f.writable())
    for name in ("read", "readline"):
        try:
            getattr(f, name)()
        except U as e:
            print(name, "ab:", type(e).__name__, e)
    try:
        f.readinto(bytearray(4))
    except U as e:
        print("readinto ab:", type(e).__name__, e)
with open(path, "r+") as f:
    print(f.readable(), f.writable())
for stream in (io.StringIO("abc"), io.BytesIO(b"abc")):
    for name in ("fileno", "detach"):
        try:
            getattr(stream, name)()
        except U as e:
            print(type(stream).__name__, name, type(e).__name__, e)
    print(stream.readable(), stream.writable(), stream.seekable(), stream.isatty())
try:
    raise U("custom")
except OSError as e:
    print(type(e).__name__, e, e.args)
try:
    raise U("custom")
except ValueError as e:
    print(type(e).__name__, e)
os.remove(path)
