ORDERS = """
2024-01-03,widget,3,2.50
2024-01-03,gadget,1,10.00
2024-01-04,widget,10,2.25
2024-01-05,doohickey,2,7.75
2024-01-05,gadget,4,9.50
2024-01-06,widget,1,2.50
bad line here
2024-01-07,gizmo,x,1.00
"""
def parse(text):
    rows, errors = [], []
    for n, line in enumerate(text.strip().splitlines(), 1):
        parts = line.split(",")
        if len(parts) != 4:
            errors.append((n, "wrong field count"))
            continue
        date, item, qty, price = parts
        try:
            rows.append({"date": date, "item": item, "qty": int(qty), "price": float(price)})
        except ValueError as e:
            errors.append((n, str(e)))
    return rows, errors
rows, errors = parse(ORDERS)
print(len(rows), "rows;", "errors:", errors)
totals = {}
for r in rows:
    t = totals.setdefault(r["item"], {"qty": 0, "revenue": 0.0})
    t["qty"] += r["qty"]
    t["revenue"] += r["qty"] * r["price"]
print(f"{'item':<10} {'qty':>4} {'revenue':>9} {'avg':>6}")
for item in sorted(totals, key=lambda k: -totals[k]["revenue"]):
    t = totals[item]
    print(f"{item:<10} {t['qty']:>4} {t['revenue']:>9.2f} {t['revenue'] / t['qty']:>6.2f}")
by_day = {}
for r in rows:
    by_day[r["date"]] = by_day.get(r["date"], 0) + r["qty"] * r["price"]
best = max(by_day.items(), key=lambda kv: kv[1])
print("best day:", best[0], f"{best[1]:.2f}")
print("grand total: %.2f" % sum(by_day.values()))
