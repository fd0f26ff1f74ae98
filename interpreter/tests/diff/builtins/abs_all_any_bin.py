print(abs(-5), abs(5), abs(-2.5), abs(0), abs(-(10 ** 30)), abs(True))
print(all([1, 2, 3]), all([1, 0]), all([]), all(iter([True])), any([0, "", None]), any([0, "x"]), any([]))
print(bin(0), bin(1), bin(-1), bin(255), bin(2 ** 65), bin(True))
try:
    bin(1.5)
except TypeError as e:
    print("TypeError:", e)
