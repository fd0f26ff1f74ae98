import os
d = "_tmp_os_module_dir"
if d in os.listdir("."):
    for f in os.listdir(d):
        os.remove(d + "/" + f)
    os.rmdir(d)
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
print(sorted(os.listdir()), os.getcwd() != cwd)
os.chdir(cwd)
for f in os.listdir(d):
    os.remove(d + "/" + f)
os.rmdir(d)
print(d in os.listdir("."))
try:
    os.remove("_no_such_file_here")
except OSError as e:
    print("OSError", e.errno)
print(os.sep, type(os.uname() if hasattr(os, "uname") else ()).__name__ != "")
