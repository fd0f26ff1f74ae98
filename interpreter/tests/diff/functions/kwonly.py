def f(a, b, *, c, d=4):
    return (a, b, c, d)
print(f(1, 2, c=3))
print(f(1, b=2, c=3, d=5))
try:
    f(1, 2, 3)
except TypeError as e:
    print("TypeError:", e)
try:
    f(1, 2)
except TypeError as e:
    print("TypeError:", e)
def g(*, only):
    return only
print(g(only="kw"))
def h(a, *args, flag=False, **kw):
    return a, args, flag, sorted(kw.items())
print(h(1, 2, 3, flag=True, z=1, y=2))
def pos_only(a, b, /, c):
    return a + b + c
print(pos_only(1, 2, c=3), pos_only(1, 2, 3))
try:
    pos_only(a=1, b=2, c=3)
except TypeError as e:
    print("TypeError:", e)
