x = 1
def f():
    x = 2
    def g():
        x = 3
        return x
    return x, g()
print(f(), x)
class C:
    x = 10
    y = x + 1
    def m(self):
        return x
print(C.y, C().m())
lst = [x for x in range(3)]
print(x)
def shadow_builtin():
    len = lambda s: 42
    return len("abc")
print(shadow_builtin(), len("abc"))
def loops_leak():
    for i in range(3):
        pass
    return i
print(loops_leak())
try:
    undefined_name_here
except NameError as e:
    print(e)
