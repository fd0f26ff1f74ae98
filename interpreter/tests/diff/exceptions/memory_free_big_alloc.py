try:
    l = [0] * 1000
    l2 = l * 100
    print(len(l2))
except MemoryError:
    print("MemoryError")
try:
    "x" * (2 ** 62)
except (MemoryError, OverflowError) as e:
    print("too big:", type(e).__name__ in ("MemoryError", "OverflowError"))
try:
    [0] * (2 ** 62)
except (MemoryError, OverflowError) as e:
    print("too big list:", type(e).__name__ in ("MemoryError", "OverflowError"))
