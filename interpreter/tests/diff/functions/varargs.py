def total(*nums):
    return sum(nums), type(nums).__name__, len(nums)
print(total())
print(total(1, 2, 3))
print(total(*range(5)))
def show(**kw):
    return sorted(kw.items())
print(show(a=1, b=2))
print(show(**{"x": 10, "y": 20}))
def mixed(a, b=2, *args, c, d=5, **kw):
    return a, b, args, c, d, kw
print(mixed(1, c=3))
print(mixed(1, 2, 3, 4, c=5, e=6))
print(mixed(*[1, 2, 3], **{"c": 4, "f": 7}))
def forward(*args, **kwargs):
    return mixed(*args, **kwargs)
print(forward(0, c=0))
print(total(*[1, 2], 3, *(4, 5)))
print(show(**{"a": 1}, b=2, **{"c": 3}))
try:
    show(**{"a": 1}, a=2)
except TypeError as e:
    print("TypeError:", e)
