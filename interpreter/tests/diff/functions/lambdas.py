add = lambda a, b=10: a + b
print(add(1), add(1, 2))
print((lambda *a, **k: (a, sorted(k)))(1, 2, x=3))
print(sorted([(1, "b"), (2, "a"), (0, "c")], key=lambda p: p[1]))
print(list(map(lambda x: x ** 2, range(5))))
print(list(filter(lambda x: x % 3 == 0, range(10))))
adders = [lambda x, i=i: x + i for i in range(3)]
print([f(10) for f in adders])
late = [lambda x: x + i for i in range(3)]
print([f(10) for f in late])
curry = lambda a: lambda b: lambda c: a + b + c
print(curry(1)(2)(3))
print((lambda: "no args")())
print((lambda x: (yield x)) if False else "skip")
