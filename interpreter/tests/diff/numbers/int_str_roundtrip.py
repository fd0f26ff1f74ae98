import math
vals = [0, 7, -7, 10 ** 18, -(10 ** 18), 2 ** 64 + 12345, -(3 ** 100), 10 ** 50 + 1]
for v in vals:
    s = str(v)
    h, o, b = hex(v), oct(v), bin(v)
    assert int(s) == v and int(h, 16) == v and int(o, 8) == v and int(b, 2) == v and int(h, 0) == v
    print(len(s), h[:12], o[-4:], len(b), f"{v:,}"[:16], f"{v:>30}", f"{v:x}"[-6:])
print(int("-" + "1" * 40) + int("1" * 40), int("+0012"), int("0" * 30 + "5"))
big = 1
for i in range(1, 30):
    big = big * 97 + i
    assert int(str(big)) == big
print(big, big % 10 ** 9, big // 10 ** 40)
print(math.isqrt(big) ** 2 <= big < (math.isqrt(big) + 1) ** 2)
print(format(2 ** 100, "e"), format(2 ** 100, ".3e"), float(2 ** 100) == 2.0 ** 100, round(2 ** 100 / 3))
