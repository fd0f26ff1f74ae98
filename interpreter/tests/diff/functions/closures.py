def make_multiplier(n):
    def mul(x):
        return x * n
    return mul
double, triple = make_multiplier(2), make_multiplier(3)
print(double(5), triple(5))
def make_acc():
    total = []
    def add(x):
        total.append(x)
        return sum(total)
    return add
acc = make_acc()
acc(1); acc(2)
print(acc(3))
def outer():
    a = 1
    def mid():
        b = 2
        def inner():
            return a + b
        return inner
    return mid()
print(outer()())
def late_binding():
    fs = []
    for i in range(3):
        fs.append(lambda: i)
    i = 100
    return [f() for f in fs]
print(late_binding())
def cell_update():
    x = 1
    def get():
        return x
    x = 2
    return get()
print(cell_update())
print(double.__closure__ is not None, len(double.__closure__))
