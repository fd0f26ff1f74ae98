import pprint
from collections import OrderedDict, defaultdict, Counter, deque
data = {
    "name": "Widget Pro", "id": 12345, "tags": ["tools", "hardware", "sale", "featured", "new-arrival"],
    "dimensions": {"width": 10.5, "height": 20.25, "depth": 3.0, "units": "cm"},
    "stock": [{"warehouse": "north", "count": 120}, {"warehouse": "south", "count": 0},
              {"warehouse": "east", "count": 37}],
    "description": "A very long description string that will certainly not fit on a single line of eighty characters wide output.",
    "ratios": (0.1, 0.2, 0.3), "empty": {}, "nums": set(range(12)), "frozen": frozenset({3, 1, 2}),
    "single": (1,), "none": None, "flag": True,
}
pprint.pprint(data)
pprint.pprint(data, width=40)
pprint.pprint(data, width=120)
pprint.pprint(data, indent=4, width=60)
pprint.pprint(data, depth=1)
pprint.pprint(data, depth=2, width=50)
pprint.pprint(list(range(40)))
pprint.pprint(list(range(40)), compact=True)
pprint.pprint([[1, 2, 3] * 5, ["a" * 30, "b" * 30, "c" * 30]], width=50, compact=True)
print(pprint.pformat({"b": 1, "a": [1, 2]}))
pprint.pp({"z": 1, "a": 2, "m": list(range(30))})
pprint.pprint({"z": 1, "a": 2}, sort_dicts=False)
pprint.pprint(OrderedDict((str(i), i * i) for i in range(12)))
dd = defaultdict(list)
for w in "apple banana avocado blueberry cherry cranberry date".split():
    dd[w[0]].append(w)
pprint.pprint(dd)
pprint.pprint(Counter("the quick brown fox jumps over the lazy dog and the cat"))
pprint.pprint(deque(range(30)))
pprint.pprint(deque(range(30), maxlen=32))
pprint.pprint({"text": "line one\nline two is a bit longer than the first\nline three " * 2})
pprint.pprint(12345678901234567890, underscore_numbers=True)
pprint.pprint([12345678, {"k": 10 ** 10}], underscore_numbers=True)
print(pprint.saferepr({"a": [1, 2, {"b": (3,)}]}), pprint.isreadable([1, "x"]), pprint.isreadable(object), pprint.isrecursive([1]))
print(pprint.pformat("short"), pprint.pformat(("x",)), pprint.pformat(()), pprint.pformat([]))
print(pprint.pformat([{"id": i, "name": "item%d" % i, "price": i * 1.25} for i in range(4)], width=60))
nested = {"level1": {"level2": {"level3": {"level4": ["deep", "values", "here"] * 3}}}}
pprint.pprint(nested, width=30)
class P:
    def __repr__(self):
        return "P()"
pprint.pprint([P()] * 30)
pprint.pprint({(1, 2): "tuple key", 3: "int", "s": "str"}, width=20)
pp = pprint.PrettyPrinter(indent=2, width=30)
pp.pprint({"alpha": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "beta": "b"})
print(pp.pformat(list("abcdefghijklmnop")))
