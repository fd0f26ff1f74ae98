print(list(zip([1, 2], "ab", strict=True)))
try:
    list(zip([1, 2, 3], "ab", strict=True))
except ValueError as e:
    print("ValueError:", e)
try:
    list(zip([1], "ab", strict=True))
except ValueError as e:
    print("ValueError:", e)
print(list(map(lambda *a: sum(a), [1, 2], [10, 20], [100, 200])))
print(list(map(str, range(3))), list(map(None.__class__, [])) if False else [])
print(sorted(map(abs, [-3, 1, -2])), max(map(len, ["a", "bcd"])))
print(list(enumerate(zip("ab", "cd"))))
