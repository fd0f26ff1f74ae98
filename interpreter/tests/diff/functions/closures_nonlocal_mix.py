def make_counter():
    count = 0
    def inc(by=1):
        nonlocal count
        count += by
        return count
    def get():
        return count
    return inc, get
inc, get = make_counter()
inc(); inc(5)
print(get())
fs = [lambda: i for i in range(3)]
print([f() for f in fs])
fs = [lambda i=i: i for i in range(3)]
print([f() for f in fs])
def outer():
    x = 'outer'
    def mid():
        def inner():
            return x
        return inner
    x = 'changed'
    return mid()()
print(outer())
g = 10
def use_global():
    global g
    g += 1
    return g
print(use_global(), g)
def shadow():
    try:
        print(g)
        g = 5
    except UnboundLocalError as e:
        print(type(e).__name__, e)
shadow()
def deco(tag):
    def wrap(f):
        def inner(*a, **k):
            return f'{tag}({f(*a, **k)})'
        inner.__name__ = f.__name__
        return inner
    return wrap
@deco('b')
@deco('a')
def hello(n): return 'hi ' + n
print(hello('x'), hello.__name__)
def acc():
    total = []
    def add(x):
        total.append(x)
        return sum(total)
    return add
a = acc(); a(1); print(a(2), a.__closure__ is not None)
def fib_memo():
    memo = {}
    def fib(n):
        if n in memo: return memo[n]
        r = n if n < 2 else fib(n - 1) + fib(n - 2)
        memo[n] = r
        return r
    return fib
print(fib_memo()(80))
def kw(a, b=2, *args, c, d=4, **kw):
    return a, b, args, c, d, sorted(kw.items())
print(kw(1, c=3), kw(1, 2, 3, 4, c=5, e=6), kw(*[1, 2], **{'c': 3, 'z': 0}))
def posonly(a, b, /, c):
    return a + b + c
print(posonly(1, 2, c=3))
try:
    posonly(a=1, b=2, c=3)
except TypeError as e:
    print(e)
print((lambda *a, **k: (a, k))(1, x=2))
x = 5
print([x for x in range(3)], x)
print((y := 10), y)
print([z for z in range(10) if (w := z * 2) > 12], w)
def gen_closure():
    vals = []
    for i in range(3):
        def f(i=i): return i * 10
        vals.append(f)
    return [v() for v in vals]
print(gen_closure())
