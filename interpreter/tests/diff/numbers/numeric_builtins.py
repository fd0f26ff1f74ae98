print(abs(-7), abs(-7.5), abs(2 ** 70 * -1))
print(divmod(20, 6), divmod(-20, 6), divmod(20.5, 6))
print(pow(2, 8), pow(2.0, 3), pow(2, -2), pow(5, 3, 13), pow(-2, 3, 5))
print(round(3.14159, 2), round(2.5), round(-1.5), round(12345, -3), round(1.005, 2))
print(min(3, 1, 2), max([4, 9, 2]), min("bca"), max([], default="empty"), min([3, 1], key=lambda x: -x))
print(sum([1, 2, 3]), sum([1, 2], 10), sum([[1], [2]], []), sum(x / 2 for x in range(4)))
print(bin(10), oct(64), hex(4095), bin(-3), hex(0))
print(int("ff", 16), int("0b11", 0), float("3.5e2"))
try:
    pow(2, 3, 0)
except ValueError as e:
    print("ValueError:", e)
try:
    max([])
except ValueError as e:
    print("ValueError:", e)
try:
    sum(["a", "b"], "")
except TypeError as e:
    print("TypeError:", e)
