import os, time

def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

base = "/tmp/pyrite_open_%d" % time.time_ns()
os.mkdir(base)
home = os.getcwd()
os.chdir(base)
base = "."
p = "f.txt"
with open(p, "w") as f:
    t(lambda: f.write("one\ntwo\nthree"))
    t(lambda: f.tell())
    t(lambda: f.mode)
with open(p) as f:
    t(lambda: f.readline())
    t(lambda: f.tell())
    t(lambda: f.read(2))
    t(lambda: f.seek(0))
    t(lambda: [line for line in f])
    t(lambda: f.read())
with open(p, "rb") as f:
    t(lambda: f.read(4))
    t(lambda: f.seek(-2, 2))
    t(lambda: f.read())
    t(lambda: f.seek(1, 1))
    t(lambda: f.tell())
    t(lambda: f.mode)
with open(p, "a") as f:
    t(lambda: f.tell())
    f.write("\nfour")
    t(lambda: f.tell())
with open(p) as f:
    t(lambda: f.readlines())
with open(p, "r+") as f:
    f.seek(0)
    f.write("ONE")
    f.seek(0)
    t(lambda: f.readline())
with open(p, "wb") as f:
    t(lambda: f.write(b"\x00\x01bin"))
    t(lambda: f.write("str"))
with open(p, "rb") as f:
    t(lambda: list(f))
t(lambda: open(base + "/missing.txt"))
t(lambda: open(p, "q"))
t(lambda: open(p, "rw"))
t(lambda: open(base) and None)
f = open(p)
f.close()
t(lambda: f.closed)
t(lambda: f.read())
with open(p, "w") as f:
    print("via print", 42, file=f)
with open(p) as f:
    t(lambda: f.read())
with open(p, "x") if False else open(p, "w") as f:
    pass
t(lambda: open(p, "x"))
with open(p, "w", encoding="utf-8") as f:
    f.write("héllo\n")
with open(p, "rb") as f:
    t(lambda: f.read())
with open(p, encoding="utf-8") as f:
    t(lambda: f.read())
t(lambda: os.stat(p).st_size)
os.remove(p)
here = os.getcwd()
os.chdir(home)
os.rmdir(here)
t(lambda: os.path.exists(here))
