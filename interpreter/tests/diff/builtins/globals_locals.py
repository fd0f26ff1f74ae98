x = 1
g = globals()
print(g["x"], "x" in g, g is globals())
g["injected"] = "via globals"
print(injected)
def f(a, b=2):
    c = a + b
    loc = locals()
    return sorted(loc.items())
print(f(1))
def ls():
    return locals()
print(ls())
print("__name__" in globals(), __name__)
