def make_counters():
    counters = {}
    for name in ["a", "b"]:
        def make(name=name):
            n = 0
            def inc():
                nonlocal n
                n += 1
                return f"{name}{n}"
            return inc
        counters[name] = make()
    return counters
c = make_counters()
print(c["a"](), c["a"](), c["b"](), c["a"]())
def outer():
    x = "outer-x"
    class Inner:
        y = x
        def get(self):
            return x
    return Inner
I = outer()
print(I.y, I().get())
def shared_cell():
    v = 0
    def setter(n):
        nonlocal v
        v = n
    def getter():
        return v
    return setter, getter
s, g = shared_cell()
s(42)
print(g())
def deep(a):
    def l1(b):
        def l2(c):
            def l3(d):
                return a + b + c + d
            return l3
        return l2
    return l1
print(deep(1)(10)(100)(1000))
adders = {}
for i in range(3):
    adders[i] = (lambda k: lambda x: x + k)(i)
print([adders[i](10) for i in range(3)])
def gen_closure():
    total = 0
    def add(x):
        nonlocal total
        total += x
        yield total
    return add
add = gen_closure()
print(list(add(5)), list(add(7)))
