# open() modes and file methods, os errors, stat fields (tests write only under /tmp).
import os
import time

d = "/tmp/pyrite_os_open_more_%d" % time.time_ns()
os.mkdir(d)
p = d + "/data.txt"
with open(p, "w") as f:
    print(f.write("alpha\n"), f.write("beta\ngamma"), f.closed, f.name == p, f.mode)
    f.writelines(["\ndelta", "\n"])
print(f.closed)
with open(p) as f:
    print(repr(f.read(3)), repr(f.readline()), f.tell())
    print(repr(f.readline(2)), repr(f.readline()))
    f.seek(0)
    print(f.readlines())
    f.seek(0, 2)
    print(repr(f.read()))
try:
    f.read()
except ValueError as e:
    print("ValueError", e)
with open(p, "rb") as f:
    buf = bytearray(4)
    print(f.readinto(buf), buf, f.read(2), f.tell())
with open(p, "a") as f:
    f.write("epsilon")
with open(p) as f:
    print(f.read().split())
with open(p, "r") as f:
    try:
        f.write("x")
    except OSError as e:
        print("write to a read-only file:", type(e).__name__ != "", isinstance(e, OSError))
with open(p, "w") as f:
    try:
        f.write(b"bytes")
    except TypeError as e:
        print("TypeError", e)
with open(p, "wb") as f:
    try:
        f.write("text")
    except TypeError as e:
        print("TypeError", e)
    f.write(bytes(range(250, 256)))
with open(p, "rb") as f:
    print(list(f.read()))
try:
    open(p, "x")
except FileExistsError as e:
    print("FileExistsError", e.errno, e.filename == p)
with open(d + "/new.bin", "xb") as f:
    f.write(b"\x00")
print(os.stat(d + "/new.bin")[6], os.stat(d + "/new.bin").st_size)
st = os.stat(d)
print("dir mode", st[0] & 0o170000 == 0o040000, "file mode", os.stat(p)[0] & 0o170000 == 0o100000)
for bad in ("rw", "q", "rbt", ""):
    try:
        open(p, bad)
    except ValueError as e:
        print("ValueError", e)
for fn, args in ((open, (d + "/missing.txt",)), (os.remove, (d + "/missing",)), (os.rmdir, (d + "/missing",)),
                 (os.listdir, (d + "/missing",)), (os.stat, (d + "/missing",)), (os.chdir, (d + "/missing",))):
    try:
        fn(*args)
    except OSError as e:
        print(fn.__name__, type(e).__name__, e.errno, e.strerror)
try:
    open(d)
except OSError as e:
    print("open(dir):", type(e).__name__, e.errno)
try:
    os.mkdir(d)
except OSError as e:
    print("mkdir existing:", type(e).__name__, e.errno)
try:
    os.rmdir(d)
except OSError as e:
    print("rmdir non-empty:", type(e).__name__, e.errno)
os.mkdir(d + "/sub")
os.rename(d + "/new.bin", d + "/sub/moved.bin")
print(sorted(os.listdir(d)), os.listdir(d + "/sub"))
cwd = os.getcwd()
os.chdir(d + "/sub")
with open("moved.bin", "rb") as f:
    print("relative open after chdir:", f.read())
os.chdir("..")
print(sorted(os.listdir()))
os.chdir(cwd)
os.remove(d + "/sub/moved.bin")
os.rmdir(d + "/sub")
os.remove(p)
os.rmdir(d)
print(os.path.exists(d) if hasattr(os, "path") else False)
