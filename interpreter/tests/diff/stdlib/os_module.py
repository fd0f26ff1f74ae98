import os
import time
# A fresh folder in /tmp: tests must not write into the source tree.
name = "pyrite_os_module_%d" % time.time_ns()
d = "/tmp/" + name
os.mkdir(d)
with open(d + "/a.txt", "w") as f:
    f.write("hello")
with open(d + "/b.txt", "w") as f:
    f.write("x" * 100)
print(sorted(os.listdir(d)))
print(os.stat(d + "/b.txt")[6])
os.rename(d + "/a.txt", d + "/c.txt")
print(sorted(os.listdir(d)))
cwd = os.getcwd()
os.chdir(d)
print(sorted(os.listdir()), os.getcwd() != cwd, os.getcwd().endswith(name))
os.chdir(cwd)
for f in os.listdir(d):
    os.remove(d + "/" + f)
os.rmdir(d)
print(name in os.listdir("/tmp"))
try:
    os.remove("_no_such_file_here")
except OSError as e:
    print("OSError", e.errno)
print(os.sep, type(os.uname() if hasattr(os, "uname") else ()).__name__ != "")
