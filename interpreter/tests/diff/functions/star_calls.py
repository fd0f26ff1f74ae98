def f(a, b, c):
    return a * 100 + b * 10 + c
args = [1, 2, 3]
print(f(*args))
print(f(1, *[2, 3]))
print(f(*"123" if False else (4, 5, 6)))
print(f(**{"a": 1, "b": 2, "c": 3}))
print(f(1, **{"c": 3, "b": 2}))
print(f(*(x for x in [7, 8, 9])))
print(f(*range(3)))
print(*[1, 2], *"ab", sep="|")
t = (*range(3), *[4, 5])
l = [*"hi", *{1: 2}]
s = {*[1, 1, 2]}
d = {**{"a": 1}, "b": 2, **{"a": 3}}
print(t, l, s, d)
