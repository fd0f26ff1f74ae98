class Counter(dict):
    def __missing__(self, key):
        return 0
c = Counter()
for ch in "mississippi":
    c[ch] += 1
print(sorted(c.items()))
print(c["z"], "z" in c)
class Tpl:
    def __class_getitem__(cls, item):
        return f"{cls.__name__}[{item.__name__}]"
print(Tpl[int])
print(list[int], dict[str, int])
