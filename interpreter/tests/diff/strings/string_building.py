rows = [("apple", 1.5, 3), ("banana", 0.25, 12), ("cherry", 10.0, 1)]
header = f"{'item':<10}{'price':>8}{'qty':>5}{'total':>9}"
print(header)
print("-" * len(header))
grand = 0
for name, price, qty in rows:
    total = price * qty
    grand += total
    print(f"{name:<10}{price:>8.2f}{qty:>5d}{total:>9.2f}")
print("=" * len(header))
print(f"{'TOTAL':<23}{grand:>9.2f}")
lines = ["| " + " | ".join(f"{c:^5}" for c in r) + " |" for r in [["a", "b"], ["cc", "ddd"]]]
print("\n".join(lines))
print("%-10s|%10s" % ("left", "right"))
