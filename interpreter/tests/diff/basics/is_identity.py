a = None
print(a is None, a is not None)
x = [1, 2]
y = x
z = list(x)
print(x is y, x is z, x == z)
print(True is True, (1 == 1) is True)
def f():
    pass
print(f() is None)
t = ()
print(t == (), type(t) is tuple)
class C:
    pass
c = C()
print(type(c) is C, c.__class__ is C)
print(int is type(5), str is type(""))
