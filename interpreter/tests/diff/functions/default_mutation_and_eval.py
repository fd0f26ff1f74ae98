calls = []
def default():
    calls.append("evaluated")
    return 5
def f(x=default()):
    return x
print(calls)
print(f(), f(1), calls)
def g(a, b=None, *, c=[]):
    c.append(a)
    return c
print(g(1), g(2), g(3, c=[]))
def h(d={}):
    d[len(d)] = len(d)
    return d
h(); h()
print(h())
