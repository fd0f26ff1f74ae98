def f(n):
    return [[n * i + j for j in range(n)] for i in range(n)]
print(f(3))
def g():
    y = 10
    return [x + y for x in range(3)]
print(g())
class A:
    base = 100
    vals = [1, 2]
    res = [v * 2 for v in vals]
print(A.res)
funcs = [lambda: i for i in range(3)]
print([fn() for fn in funcs])
funcs = [(lambda i=i: i) for i in range(3)]
print([fn() for fn in funcs])
print([(lambda x: x * k)(2) for k in range(4)])
total = 0
res = [total := total + v for v in [1, 2, 3, 4]]
print(res, total)
