print({x: x ** 2 for x in range(5)})
print({k: v for k, v in zip("abc", range(3)) if v != 1})
words = ["apple", "avocado", "banana", "blueberry", "cherry"]
by_letter = {w[0]: [x for x in words if x[0] == w[0]] for w in words}
print(by_letter)
print(sorted({len(w) for w in words}))
print({x % 3 for x in range(10)})
inv = {v: k for k, v in {"a": 1, "b": 2}.items()}
print(inv)
print({(i, j): i * j for i in range(2) for j in range(2)})
print(sorted({c for c in "mississippi"}))
