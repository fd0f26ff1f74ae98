def v(x):
    print("eval", x)
    return x
def f(*a, **k):
    return a, sorted(k.items())
print(f(v(1), v(2), k=v(3), j=v(4)))
d = {v("k1"): v("v1"), v("k2"): v("v2")}
print(d)
lst = [v(i) for i in range(2)]
v("left")[0] if False else None
x = v(10) + v(20) * v(30)
print(x)
print(v("a") or v("b"), v(0) or v("c"))
v([1])[v(0)] = v("assigned")
