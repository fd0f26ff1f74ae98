cases = ["", " ", "1 2", "0x", "1__0", "_1", "1_", "١٢٣", "+", "-", "0b2", "12e3"]
for c in cases:
    try:
        print(repr(c), "->", int(c))
    except ValueError as e:
        print(repr(c), "ValueError:", e)
for c, base in [("ff", 16), ("FF", 16), ("g", 16), ("10", 2), ("12", 2), ("0x10", 16), ("0b1", 2), ("z", 37)]:
    try:
        print(c, base, "->", int(c, base))
    except ValueError as e:
        print(c, base, "ValueError:", e)
try:
    int(None)
except TypeError as e:
    print("TypeError:", e)
try:
    int([1])
except TypeError as e:
    print("TypeError:", e)
