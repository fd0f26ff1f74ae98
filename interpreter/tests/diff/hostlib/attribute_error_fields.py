# AttributeError's name/obj, exception keyword arguments and generator gi_running
# (host only: std-feature code, for the devices' flash).
def t(f):
    try:
        r = f()
        print("ok", repr(r))
    except Exception as e:
        print(type(e).__name__, e)
class C: pass
c = C()
try:
    c.foo
except AttributeError as e:
    print(e.name, e.obj is c, e)
try:
    (1).foo
except AttributeError as e:
    print(e.name, e.obj, e)
try:
    import math; math.foo
except AttributeError as e:
    print(e.name, e)
e = AttributeError("x")
print(e.name, e.obj)
e = AttributeError("x", name="n", obj=3)
print(e.name, e.obj)
def g():
    print(gen.gi_running)
    yield 1
gen = g()
print(gen.gi_running)
next(gen)
print(gen.gi_running)

t(lambda: ValueError("x", foo=1))
t(lambda: NameError("x", name="y").name)
t(lambda: getattr([], "zz"))
try:
    getattr(3, "bad")
except AttributeError as e:
    print(e.name, e.obj)
