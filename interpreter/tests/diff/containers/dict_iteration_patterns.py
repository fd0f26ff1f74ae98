inventory = {"apples": 5, "pears": 0, "kiwis": 12, "plums": 3}
for name, qty in inventory.items():
    status = "out" if qty == 0 else ("low" if qty < 4 else "ok")
    print(f"{name:7} {qty:3} {status}")
print(sum(inventory.values()), max(inventory, key=inventory.get), min(inventory.items(), key=lambda kv: kv[1]))
in_stock = {k: v for k, v in inventory.items() if v}
print(in_stock)
by_qty = sorted(inventory, key=lambda k: inventory[k], reverse=True)
print(by_qty)
groups = {}
for word in ["ant", "bee", "ape", "bat", "cow", "asp"]:
    groups.setdefault(word[0], []).append(word)
print(groups)
inverted = {}
for k, v in {"a": 1, "b": 2, "c": 1}.items():
    inverted.setdefault(v, []).append(k)
print(inverted)
print(list(zip(inventory.keys(), inventory.values())) == list(inventory.items()))
