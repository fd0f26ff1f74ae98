x = 10
def f():
    print(x)
    x = 5
try:
    f()
except UnboundLocalError as e:
    print("UnboundLocalError:", e)
def g(flag):
    if flag:
        y = 1
    return y
print(g(True))
try:
    g(False)
except UnboundLocalError as e:
    print("UnboundLocalError:", e)
def h():
    del z
    z = 1
try:
    h()
except UnboundLocalError as e:
    print("UnboundLocalError:", e)
def outer():
    def inner():
        return v
    try:
        inner()
    except NameError as e:
        print(type(e).__name__ + ":", e)
    v = 1
outer()
