import struct
vals = [0.0, -0.0, 1.0, -1.5, 0.1, 1e-40, 1e-45, 3.4028235e38, 65504.0, 6e-8, 1e-310, 5e-324, 1.7976931348623157e308,
        float("inf"), -float("inf"), 2.5, 0.333333333, 1e-5, 123456.789]
for code in "efd":
    for order in "<>=@":
        for v in vals:
            try:
                b = struct.pack(order + code, v)
                print(code, order, v, b, struct.unpack(order + code, b)[0])
            except (OverflowError, struct.error) as e:
                print(code, order, v, type(e).__name__, e)
print(struct.pack("<d", float("nan")), struct.pack(">f", float("nan")), struct.pack("<e", float("nan")))
print(struct.unpack("<f", b"\x00\x00\xc0\x7f"), struct.unpack("<e", b"\x00\x7e"))
for fmt in ["@bhiq", "@ic", "@ci", "@cd", "@chd", "=ci", "<ci", "@?lP", "@nN", "@3s i", "@5p", "@e", "@cecf", "3x2h", "0s", "10p", "@xq"]:
    print(fmt, struct.calcsize(fmt))
for fmt in ["<n", "z", "3", "<P", "i 3", "2 i", "!N"]:
    try:
        print(struct.calcsize(fmt))
    except struct.error as e:
        print("error:", e)
for fmt in "bBhHiIlLqQnN":
    for order in "<>@":
        if order != "@" and fmt in "nN":
            continue
        size = struct.calcsize(order + fmt)
        for v in [-1, 0, 2 ** (size * 8 - 1) - 1, 2 ** (size * 8 - 1), 2 ** (size * 8), -(2 ** (size * 8 - 1)) - 1, 1.5, "x", True]:
            try:
                b = struct.pack(order + fmt, v)
                print(order + fmt, v, b, struct.unpack(order + fmt, b))
            except struct.error as e:
                print(order + fmt, repr(v), "error:", e)
print(struct.pack("<5p", b"hello world"), struct.unpack("<5p", b"\x09abcd"), struct.pack("3p", b""), struct.pack("1p", b"abc"))
print(struct.pack("<2c?", b"a", b"b", []), struct.unpack("<2c?", b"ab\x05"))
for args in [("<2c", b"a", b"bc"), ("<s", "str"), ("<i",), ("<i", 1, 2), ("<f", "x"), ("<c", 1)]:
    try:
        struct.pack(*args)
    except struct.error as e:
        print("error:", e)
buf = bytearray(5)
for off in [0, 2, -4, -6, 4]:
    try:
        struct.pack_into("<H", buf, off, 0x1234)
        print(buf, struct.unpack_from("<H", buf, off))
    except struct.error as e:
        print("error:", e)
try:
    struct.unpack_from("<I", b"abcde", 2)
except struct.error as e:
    print("error:", e)
try:
    list(struct.iter_unpack("<h", b"abc"))
except struct.error as e:
    print("error:", e)
s = struct.Struct("<hI")
print(s.size, s.format, s.pack(1, 2), s.unpack(s.pack(1, 2)), s.unpack_from(b"\x00" + s.pack(3, 4), 1))
print(struct.pack(b"<h", 5), struct.unpack("<2s", memoryview(b"ab")))
try:
    struct.pack(5)
except TypeError as e:
    print("TypeError:", e)
try:
    struct.pack("<f", 1e39)
except OverflowError as e:
    print("OverflowError:", e)
