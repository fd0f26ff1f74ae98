def f(a, b):
    return a - b
print(f(b=1, a=10))
for call in [lambda: f(1), lambda: f(1, 2, 3), lambda: f(1, a=2), lambda: f(1, c=2), lambda: f()]:
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)
def g(**kw):
    return kw
print(g(**{"a": 1}))
try:
    g(**{1: 2})
except TypeError as e:
    print("TypeError:", e)
try:
    f(*5)
except TypeError as e:
    print("TypeError:", e)
