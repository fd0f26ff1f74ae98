def trace(f):
    def wrapper(*args, **kw):
        print("call", f.__name__, args, kw)
        r = f(*args, **kw)
        print("ret", r)
        return r
    return wrapper
@trace
def add(a, b):
    return a + b
add(1, 2)
add(a=3, b=4)
def repeat(n):
    def deco(f):
        def w(*a):
            return [f(*a) for _ in range(n)]
        return w
    return deco
@repeat(3)
def hi(name):
    return "hi " + name
print(hi("x"))
def tag(label):
    def deco(f):
        f.label = label
        return f
    return deco
@tag("first")
@tag("second")
def g():
    pass
print(g.label)
registry = []
def register(f):
    registry.append(f.__name__)
    return f
@register
def one(): pass
@register
def two(): pass
print(registry)
class CountCalls:
    def __init__(self, f):
        self.f = f
        self.n = 0
    def __call__(self, *a):
        self.n += 1
        return self.f(*a)
@CountCalls
def sq(x):
    return x * x
print(sq(3), sq(4), sq.n)
