# positional-only parameters (before /)
def f(a, b, /, c, *, d=4):
    return a, b, c, d
print(f(1, 2, 3), f(1, 2, c=3), f(1, 2, 3, d=5))
def attempt(g):
    try:
        print(g())
    except TypeError as e:
        print("TypeError:", e)
attempt(lambda: f(a=1, b=2, c=3))
attempt(lambda: f(1, b=2, c=3))
attempt(lambda: f(1, 2, 3, 4))
attempt(lambda: f(1))
attempt(lambda: f(1, 2, c=3, e=5))
def g(a, b=2, /, **kw):
    return a, b, sorted(kw.items())
print(g(1), g(1, 3), g(1, a=5, b=6))
def h(a, /):
    return a
print(h(7))
attempt(lambda: h(a=7))
attempt(lambda: h())
def k(x, y=10, /, z=20):
    return x, y, z
print(k(1), k(1, 2), k(1, 2, 3), k(1, z=5))
attempt(lambda: k(1, y=2))
lam = lambda p, /, q: (p, q)
print(lam(1, 2), lam(1, q=2))
attempt(lambda: lam(p=1, q=2))
print(f.__code__.co_posonlyargcount, f.__code__.co_argcount, f.__code__.co_kwonlyargcount)
print(g.__code__.co_posonlyargcount, lam.__code__.co_posonlyargcount, print.__name__)
class K:
    def m(self, a, /, b):
        return a, b
print(K().m(1, 2), K().m(1, b=2))
attempt(lambda: K().m(a=1, b=2))
def star(a, /, *args, **kw):
    return a, args, kw
print(star(1, 2, 3, a=4))
