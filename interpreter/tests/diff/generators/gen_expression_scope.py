class C:
    items = [1, 2, 3]
    doubled = [x * 2 for x in items]
print(C.doubled)
def f():
    data = [3, 1, 2]
    return sorted(x for x in data)
print(f())
try:
    (1 / x for x in [0])
    print("lazy: no error yet")
    list(1 / x for x in [0])
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    gen = (x for x in 5)
except TypeError as e:
    print("TypeError:", e)
