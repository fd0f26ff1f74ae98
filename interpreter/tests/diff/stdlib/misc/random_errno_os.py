import random, errno, os

def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

random.seed(12345)
vals = [random.randint(1, 6) for _ in range(200)]
t(lambda: (min(vals), max(vals), len(set(vals))))
r = [random.randrange(0, 10, 3) for _ in range(100)]
t(lambda: sorted(set(r)))
t(lambda: all(0 <= random.random() < 1 for _ in range(100)))
t(lambda: all(2.0 <= random.uniform(2, 3) <= 3.0 for _ in range(100)))
t(lambda: all(0 <= random.getrandbits(5) < 32 for _ in range(100)))
t(lambda: random.getrandbits(0))
t(lambda: random.getrandbits(-1))
t(lambda: random.randrange(0))
t(lambda: random.randrange(5, 5))
t(lambda: random.randrange(1, 10, 0))
t(lambda: random.randint(3, 1))
t(lambda: random.choice([]))
t(lambda: random.choice("x"))
t(lambda: random.randrange(7, 8))
t(lambda: random.randint(4, 4))
lst = list(range(10))
random.shuffle(lst)
t(lambda: sorted(lst))
t(lambda: sorted(random.sample(range(100), 5)) == sorted(set(random.sample(range(100), 5))) or True)
t(lambda: len(random.sample(range(10), 10)))
t(lambda: random.sample(range(3), 4))
random.seed(7)
a = [random.random() for _ in range(3)]
random.seed(7)
b = [random.random() for _ in range(3)]
t(lambda: a == b)
random.seed("abc")
c = random.random()
random.seed("abc")
t(lambda: c == random.random())
t(lambda: random.getrandbits(100) < 2 ** 100)
t(lambda: sorted(random.choices("ab", k=5)) and len(random.choices("ab", k=5)))

t(lambda: (errno.ENOENT, errno.EEXIST, errno.EACCES, errno.EINVAL, errno.ENOTDIR, errno.EISDIR))
t(lambda: (errno.EAGAIN, errno.ETIMEDOUT, errno.ENOTEMPTY, errno.EBADF, errno.ENODEV, errno.ENOMEM))
t(lambda: errno.errorcode[2])
t(lambda: errno.errorcode[errno.EEXIST])
t(lambda: errno.EWHATEVER)

import time
# Work in a fresh folder in /tmp: tests must not write into the source tree.
base = "/tmp/pyrite_os_misc_%d" % time.time_ns()
os.mkdir(base)
home = os.getcwd()
os.chdir(base)
d = "_t_osdir"
for p in [d + "/sub/f.txt", d + "/a.txt", d + "/b.txt"]:
    try:
        os.remove(p)
    except OSError:
        pass
for p in [d + "/sub", d]:
    try:
        os.rmdir(p)
    except OSError:
        pass
os.mkdir(d)
t(lambda: os.mkdir(d))
with open(d + "/a.txt", "w") as f:
    t(lambda: f.write("hello\nworld\n"))
t(lambda: sorted(os.listdir(d)))
t(lambda: os.stat(d + "/a.txt")[6])
t(lambda: os.stat(d + "/a.txt").st_size)
t(lambda: os.stat(d + "/nope"))
os.rename(d + "/a.txt", d + "/b.txt")
t(lambda: sorted(os.listdir(d)))
t(lambda: os.rename(d + "/nope", d + "/x"))
t(lambda: os.remove(d + "/nope"))
t(lambda: os.rmdir(d + "/nope"))
t(lambda: os.rmdir(d))
t(lambda: os.listdir(d + "/nope"))
try:
    os.remove(d + "/nope")
except OSError as e:
    t(lambda: (e.errno, e.errno == errno.ENOENT, e.args[0], type(e).__name__, isinstance(e, FileNotFoundError)))
try:
    os.mkdir(d)
except OSError as e:
    t(lambda: (e.errno == errno.EEXIST, type(e).__name__))
cwd = os.getcwd()
os.chdir(d)
t(lambda: os.getcwd() == cwd + "/" + d or os.getcwd().endswith(d))
t(lambda: sorted(os.listdir()))
t(lambda: sorted(os.listdir(".")))
os.chdir("..")
t(lambda: os.getcwd() == cwd)
t(lambda: os.chdir("/nonexistent_dir_x"))
os.mkdir(d + "/sub")
t(lambda: os.path.isdir(d + "/sub"))
t(lambda: os.path.exists(d + "/b.txt"))
t(lambda: os.path.isfile(d + "/sub"))
t(lambda: os.path.join("a", "b", "c"))
t(lambda: os.path.join("a", "/b"))
t(lambda: os.path.basename("/x/y.txt"))
t(lambda: os.path.dirname("/x/y.txt"))
t(lambda: os.path.split("/x/y.txt"))
t(lambda: os.path.splitext("a/b.tar.gz"))
t(lambda: os.path.abspath(d) == cwd + "/" + d)
os.rmdir(d + "/sub")
os.remove(d + "/b.txt")
os.rmdir(d)
t(lambda: os.path.exists(d))
t(lambda: os.sep)
t(lambda: type(os.urandom(4)).__name__ + str(len(os.urandom(4))))
os.chdir(home)
os.rmdir(base)
print(os.path.exists(base))
