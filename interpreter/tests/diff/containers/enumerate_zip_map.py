names = ["ann", "bob", "cy"]
ages = [30, 25]
for i, n in enumerate(names, 1):
    print(i, n)
print(list(zip(names, ages)), list(zip()), list(zip("ab")), list(zip(names, ages, "xyz")))
print(list(map(str.upper, names)), list(map(lambda a, b: a * b, [1, 2, 3], [4, 5])))
print(list(filter(None, [0, 1, "", "a", None, [], [0]])), list(filter(str.isdigit, "a1b2")))
e = enumerate("ab")
print(next(e), next(e), next(e, "end"))
print(dict(enumerate("xyz")), list(enumerate([], 5)))
z = zip([1, 2], [3, 4])
print(list(z), list(z))
print(type(map(abs, [])).__name__, type(zip()).__name__, type(enumerate([])).__name__)
print(list(zip(*zip([1, 2], [3, 4]))))
