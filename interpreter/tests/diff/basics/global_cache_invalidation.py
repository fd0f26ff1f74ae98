# Global-name lookups are cached: every way of changing a module's globals (or the
# builtins) must be seen by the next lookup, and changes to other dicts must not confuse it.
x = 1
def read_x():
    return x
def read_len():
    return len
print(read_x(), read_len() is len)
g = globals()
g["x"] = 2
print(read_x())
g.update({"x": 3})
print(read_x())
g.setdefault("y", 10)
def read_y():
    return y
print(read_y())
print(g.pop("y"))
try:
    read_y()
except NameError as e:
    print("NameError:", e)
def shadow():
    global len
    len = lambda s: 42
shadow()
print(read_len()("abc"), len("abcd"))
del len
print(read_len()("abc"), len("abcd"))
other = {"x": 100}
for i in range(3):
    other["x"] = i
    other[i] = i
    print(read_x(), other["x"])
def set_x(v):
    global x
    x = v
for v in (5, 6):
    set_x(v)
    print(read_x())
import builtins
builtins.my_builtin = "first"
def read_mine():
    return my_builtin
print(read_mine())
builtins.my_builtin = "second"
print(read_mine())
my_builtin = "global wins"
print(read_mine())
del my_builtin
print(read_mine())
del builtins.my_builtin
try:
    read_mine()
except NameError as e:
    print("NameError:", e)
exec_like = {}
exec_like["x"] = 7
print(read_x())
vars()["x"] = 8
print(read_x())
class K:
    x = "class attr"
    def m(self):
        return x
print(K().m())
counter = 0
def bump():
    global counter
    counter += 1
    return counter
print([bump() for _ in range(5)], counter)
d = globals().copy()
d["x"] = "copy"
print(read_x())
