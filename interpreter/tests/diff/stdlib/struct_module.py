import struct
print(struct.calcsize("<i"), struct.calcsize("<hhl"), struct.calcsize("<q"), struct.calcsize("<d"), struct.calcsize("<3sH"), struct.calcsize(">bBhHiIqQfd?"))
b = struct.pack("<ihb", 1, -2, 3)
print(b, struct.unpack("<ihb", b))
print(struct.pack(">I", 0xDEADBEEF), struct.pack("<I", 0xDEADBEEF), struct.pack("!H", 80))
print(struct.unpack(">HH", b"\x00\x01\xff\xff"), struct.unpack("<q", b"\xff" * 8))
print(struct.pack("<f", 1.5), struct.unpack("<f", struct.pack("<f", 0.1))[0], struct.pack(">d", -2.0))
print(struct.pack("<3s", b"abcdef"), struct.pack("<5s", b"ab"), struct.pack("?", True), struct.pack("<2B", 1, 255))
buf = bytearray(10)
struct.pack_into("<HI", buf, 2, 7, 123456)
print(buf, struct.unpack_from("<HI", buf, 2))
for fmt, vals in [("<B", (256,)), ("<b", (-129,)), ("<H", (-1,))]:
    try:
        struct.pack(fmt, *vals)
    except struct.error as e:
        print("struct.error:", e)
try:
    struct.unpack("<I", b"\x00")
except struct.error as e:
    print("struct.error:", e)
print(list(struct.iter_unpack("<h", b"\x01\x00\x02\x00\xff\xff")))
