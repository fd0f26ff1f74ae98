a = [1, 2]
b = a
c = [1, 2]
print(id(a) == id(b), id(a) == id(c), a is b, a == c)
def f():
    return id(a)
print(f() == id(a))
class X:
    pass
x = X()
s = {id(x): "x"}
print(s[id(x)])
