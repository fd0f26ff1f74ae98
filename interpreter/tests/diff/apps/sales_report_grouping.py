# Text report generator: sales records -> grouped, formatted summary.


class Sale:
    __slots__ = ("region", "product", "qty", "price")

    def __init__(self, region, product, qty, price):
        self.region, self.product, self.qty, self.price = region, product, qty, price

    def __repr__(self):
        fields = ", ".join(f"{k}={getattr(self, k)!r}" for k in self.__slots__)
        return f"Sale({fields})"

RAW = """
north,widget,3,2.50
south,gadget,1,10.00
north,gadget,2,10.00
east,widget,10,2.25
south,widget,4,2.50
east,gizmo,1,99.99
north,gizmo,2,95.00
west,widget,0,2.50
"""


def parse(text):
    out = []
    for lineno, line in enumerate(text.strip().splitlines(), 1):
        region, product, qty, price = line.split(",")
        try:
            out.append(Sale(region, product, int(qty), float(price)))
        except ValueError as e:
            print(f"line {lineno}: {e}")
    return out


sales = parse(RAW)
by_region = {}
for s in sales:
    by_region.setdefault(s.region, []).append(s)

print(f"{'Region':<8}|{'Items':>6}|{'Revenue':>10}|{'Avg':>8}")
print("-" * 8 + "+" + "-" * 6 + "+" + "-" * 10 + "+" + "-" * 8)
total = 0.0
for region in sorted(by_region):
    items = by_region[region]
    qty = sum(s.qty for s in items)
    rev = sum(s.qty * s.price for s in items)
    avg = rev / qty if qty else float("nan")
    total += rev
    print(f"{region.title():<8}|{qty:>6d}|{rev:>10,.2f}|{avg:>8.3f}")
print(f"{'TOTAL':<8}|{'':>6}|{total:>10,.2f}|")

counts = {}
for s in sales:
    counts[s.product] = counts.get(s.product, 0) + s.qty
print(sorted(counts.items(), key=lambda kv: kv[1], reverse=True)[:2])
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
print(counts, counts.get("nothing", 0))
best = max(sales, key=lambda s: s.qty * s.price)
print(best, {k: getattr(best, k) for k in Sale.__slots__})
print("%-10s %5.1f%%" % ("share", 100 * counts["widget"] / sum(counts.values())))
print("{:=^30}".format(" END "))
width = max(len(r) for r in by_region)
for r, items in sorted(by_region.items(), key=lambda kv: len(kv[1]), reverse=True):
    bar = "#" * len(items)
    print(f"{r:>{width}} {bar:<5}|{len(items):02d}")
del sales, by_region
text = "the quick brown fox jumps over the lazy dog the end"
words = text.split()
freq = {}
for w in words:
    freq[w] = freq.get(w, 0) + 1
print(max(freq, key=freq.get), sum(freq.values()), len(freq), sorted(freq.items())[:3])
print(" ".join(w.capitalize() for w in words[:4]), text.count("the"), text.title()[:20])
print(repr(text[::7]), text.find("fox"), text.rfind("the"), text.replace("the", "THE", 2)[:30])
