# float() of ints past 2**53 rounds once to the nearest float, ties to even, as CPython.
cases = [
    2**53 + 1, 2**53 + 3, 2**64 + 2**11, 2**64 + 2**11 + 1, 2**85 + 2**32 + 1,
    2**85 + 2**32, 2**85 + 3 * 2**32, 2**100 - 1, 2**1023 * 3 // 2, 2**1024 - 2**970,
    2**1024 - 2**971 + 1, 10**22 + 1, 10**23, 123456789012345678901234567890,
    (2**200 + 2**147) + 1, 2**200 + 2**147,
]
for c in cases:
    for x in (c, -c):
        try:
            f = float(x)
        except OverflowError as e:
            print("OverflowError", e)
            continue
        print(repr(f), f == float(str(x)), x / 1 == f)
try:
    float(2**1024 - 2**970)
except OverflowError as e:
    print("OverflowError", e)
