# min()/max() over iterators (streamed), with key=, default= and ties.
def gen(xs):
    for x in xs:
        yield x

print(max(gen([3, 1, 4, 1, 5, 9, 2, 6])), min(gen([3, 1, 4, 1, 5, 9, 2, 6])))
print(max(gen(["pear", "fig", "banana"]), key=len), min(gen(["pear", "fig", "kiwi"]), key=len))
print(max([(1, "a"), (1, "b"), (0, "z")], key=lambda t: t[0]))
print(min([(1, "a"), (1, "b"), (2, "z")], key=lambda t: t[0]))
print(max(gen([]), default="empty"), min([], default=None))
print(max(7, 3, 9, key=lambda v: -v), min("b", "a", "c"))
print(max(range(10**6)), min(x * x - 10 * x for x in range(100)))
print(max(iter([2.5, 1, True])), min({3: "a", 1: "b"}))
for bad in ([], gen([])):
    try:
        max(bad)
    except ValueError as e:
        print(type(e).__name__, e)
try:
    min()
except TypeError as e:
    print(type(e).__name__, e)
try:
    max([1, "a"])
except TypeError as e:
    print(type(e).__name__, e)
