# open() "+" modes (read and write), os.path, os.statvfs and os.urandom (tests write only
# under /tmp).
import os
import os.path
import time

d = "/tmp/pyrite_os_path_plus_%d" % time.time_ns()
os.mkdir(d)
p = d + "/data.txt"

# w+: truncates, reads back what it wrote after a seek.
with open(p, "w+") as f:
    print(f.write("hello world\n"), f.tell())
    f.seek(0)
    print(repr(f.read()))
    f.seek(6)
    f.write("WORLD")
    f.seek(0)
    print(repr(f.read()), f.mode)
# r+: keeps the content, overwrites from the position, extends past the end.
with open(p, "r+") as f:
    print(repr(f.read(5)))
    # Between a read and a write a program seeks (C stdio's rule; CPython's buffering needs it).
    f.seek(5)
    f.write("!!")
    f.seek(0, 2)
    f.write("tail")
    f.seek(0)
    print(repr(f.read()))
print(repr(open(p).read()))
# a+: starts at the end; writes always append, even after a seek.
with open(p, "a+") as f:
    print(repr(f.read()))
    f.seek(0)
    print(repr(f.read(5)))
    f.write("+more")
    f.seek(0)
    print(repr(f.read()))
# binary r+ / w+ / x+.
b = d + "/data.bin"
with open(b, "wb+") as f:
    f.write(b"\x00\x01\x02\x03")
    f.seek(1)
    print(f.read(2), f.tell())
    f.seek(2)
    f.write(b"\xff")
    f.seek(0)
    print(f.read())
with open(b, "rb+") as f:
    f.seek(6)
    f.write(b"Z")
    f.seek(0)
    print(f.read())
for mode in ("r+", "x+"):
    try:
        open(d + ("/absent" if mode == "r+" else "/data.bin"), mode)
    except OSError as e:
        print(mode, type(e).__name__, e.errno)
with open(d + "/new.txt", "x+") as f:
    f.write("fresh")
    f.seek(0)
    print(f.read())
for bad in ("rw", "r++", "+", "ab+t"):
    try:
        open(p, bad)
    except ValueError as e:
        print(bad, "ValueError")

# os.path
j = os.path.join
print(j("a", "b", "c"), j("/a", "/b", "c"), j("a/", "b"), j("", "x"), j("a", ""))
for s in ("/usr/lib/x.py", "x.py", "/x", "/", "a/b/", "//a//b", "", "a//b"):
    print(repr(s), os.path.split(s), repr(os.path.basename(s)), repr(os.path.dirname(s)))
for s in ("a.py", "a.tar.gz", ".bashrc", "..x", "a/.b", "a.b/c", "x.", "/a/b.c/..d.e", ""):
    print(repr(s), os.path.splitext(s))
for s in ("a/./b/../c", "/../a", "../../x/..", "//a/b", "///a", "", ".", "a/..", "/a/b/"):
    print(repr(s), repr(os.path.normpath(s)))
print(os.path.isabs("/x"), os.path.isabs("x"))
print(os.path.exists(p), os.path.exists(d + "/nope"), os.path.exists(d))
print(os.path.isdir(d), os.path.isdir(p), os.path.isfile(p), os.path.isfile(d), os.path.isfile(d + "/nope"))
print(os.path.getsize(b))
os.chdir(d)
print(os.path.abspath("x/../data.txt") == p, os.path.abspath("/q/./r"))
print(os.path is os.path, os.path.sep)

# os.statvfs: the tuple's shape and sanity, not the machine's numbers.
st = os.statvfs(d)
print(len(st), st[0] > 0, st[2] >= st[3] >= 0, st[9] > 0)

# os.urandom
r = os.urandom(16)
print(type(r).__name__, len(r), len(os.urandom(0)), r != os.urandom(16))
try:
    os.urandom(-1)
except ValueError as e:
    print("ValueError")

for name in sorted(os.listdir(d)):
    os.remove(d + "/" + name)
os.chdir("/")
os.rmdir(d)
print(os.path.exists(d))
