from dataclasses import dataclass, field
from collections import defaultdict
from typing import Optional

class InventoryError(Exception):
    pass

class OutOfStock(InventoryError):
    def __init__(self, sku, wanted, have):
        super().__init__(f"{sku}: wanted {wanted}, have {have}")
        self.sku = sku

@dataclass(order=True)
class Item:
    sku: str
    name: str = field(compare=False)
    price: float = field(compare=False, default=0.0)
    qty: int = field(compare=False, default=0)
    tags: list = field(default_factory=list, compare=False, repr=False)

    @property
    def value(self):
        return round(self.price * self.qty, 2)

class Inventory:
    def __init__(self):
        self._items = {}
        self._log = []

    def add(self, item: Item) -> None:
        if item.sku in self._items:
            raise InventoryError(f"duplicate sku {item.sku!r}")
        self._items[item.sku] = item
        self._log.append(("add", item.sku, item.qty))

    def remove(self, sku, n=1):
        item = self._items.get(sku)
        if item is None:
            raise KeyError(sku)
        if item.qty < n:
            raise OutOfStock(sku, n, item.qty)
        item.qty -= n
        self._log.append(("remove", sku, n))
        return item

    def find(self, *, tag: Optional[str] = None, max_price=None):
        for it in sorted(self._items.values()):
            if tag is not None and tag not in it.tags:
                continue
            if max_price is not None and it.price > max_price:
                continue
            yield it

    def __len__(self):
        return len(self._items)

    def __contains__(self, sku):
        return sku in self._items

    def __iter__(self):
        return iter(sorted(self._items.values()))

    def report(self):
        by_tag = defaultdict(list)
        for it in self:
            for t in it.tags:
                by_tag[t].append(it.sku)
        lines = [f"{'SKU':<6}{'Name':<12}{'Qty':>5}{'Value':>10}"]
        for it in self:
            lines.append(f"{it.sku:<6}{it.name:<12}{it.qty:>5}{it.value:>10.2f}")
        total = sum(it.value for it in self)
        lines.append(f"{'TOTAL':<23}{total:>10.2f}")
        return "\n".join(lines), dict(sorted(by_tag.items()))

inv = Inventory()
inv.add(Item("B200", "Bolt", 0.15, 1000, ["metal", "small"]))
inv.add(Item("A100", "Anvil", 99.5, 3, ["metal", "heavy"]))
inv.add(Item("C300", "Cable", 4.25, 40, ["electric"]))
try:
    inv.add(Item("A100", "Dup"))
except InventoryError as e:
    print("error:", e)
print(len(inv), "A100" in inv, "Z" in inv)
print(inv.remove("B200", 250))
try:
    inv.remove("A100", 5)
except OutOfStock as e:
    print(type(e).__name__, e, e.sku, isinstance(e, InventoryError))
try:
    inv.remove("nope")
except KeyError as e:
    print("KeyError", e)
print([i.sku for i in inv.find(tag="metal")], [i.name for i in inv.find(max_price=5)])
text, tags = inv.report()
print(text)
print(tags)
print(inv._log)
print(sorted([Item("b", "x"), Item("a", "y")]))
print(Item("a", "n") == Item("a", "m"), Item("a", "n") < Item("b", "n"))
