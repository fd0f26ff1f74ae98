print(hash(1) == hash(1), hash("abc") == hash("abc"), hash((1, "a")) == hash((1, "a")))
print(hash(0), hash(1), hash(-1) == -2, hash(True), hash(None) == hash(None))
print(hash(1.0) == hash(1), hash(2 ** 64) == hash(2 ** 64), hash(frozenset([1])) == hash(frozenset([1])))
a = object()
b = object()
print(id(a) == id(a), id(a) != id(b), type(id(a)).__name__)
l = [1]
m = l
print(id(l) == id(m))
for bad in ([], {}, set()):
    try:
        hash(bad)
    except TypeError as e:
        print("TypeError:", e)
