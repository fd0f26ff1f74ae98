print(repr(1), repr("a"), repr([1, "a", None]), repr((1,)), repr({}), repr(set()), repr(frozenset()), repr(1.5), repr(None))
print(repr({"k": [1, (2, 3)], "s": {4}}), repr(range(3)), repr(range(1, 9, 2)), repr(b"a"), repr(bytearray(b"z")))
print(list(reversed([1, 2, 3])), list(reversed((4, 5))), "".join(reversed("hello")), list(reversed(range(3))))
print(round(0.5), round(1.5), round(2.5), round(-0.5), round(3.14159, 3), round(2.675, 2), round(15, -1), round(25, -1))
print(round(1e15 + 0.5), round(0.1 + 0.2, 10), type(round(2.5)).__name__, type(round(2.5, 1)).__name__, round(-7.45, 1))
l = [1, [2]]
l[1].append(l)
print(repr(l))
d = {}
d["self"] = d
print(d)
