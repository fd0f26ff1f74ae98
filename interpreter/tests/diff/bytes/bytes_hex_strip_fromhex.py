# bytes.strip with an argument, hex() separators every n bytes, fromhex errors and
# bytearray.fromhex, `in` with ints out of range and non-bytes.
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


t(lambda: b"xxabcxx".strip(b"x"))
t(lambda: b"xyabcyx".strip(b"xy"))
t(lambda: b"  abc \n".strip())
t(lambda: bytearray(b"--ab--").strip(b"-"))
t(lambda: b"abc".strip(None))
t(lambda: b"\x01\xab\xff\x00".hex())
t(lambda: b"\x01\xab\xff\x00".hex(":"))
t(lambda: b"\x01\xab\xff\x00\x10".hex("-", 2))
t(lambda: b"\x01\xab\xff\x00\x10".hex("-", -2))
t(lambda: b"\x01\xab\xff\x00\x10".hex(" ", 3))
t(lambda: b"\x01\x02\x03".hex(":", 0))
t(lambda: b"ab".hex(b"|"))
t(lambda: bytearray(b"\x0a\x0b").hex(" "))
t(lambda: b"ab".hex(""))
t(lambda: b"ab".hex("::"))
t(lambda: bytes.fromhex("01 ab ff "))
t(lambda: bytes.fromhex("01abf"))
t(lambda: bytes.fromhex("zz"))
t(lambda: bytes.fromhex(" 0a 0x"))
t(lambda: bytearray.fromhex("0a0b"))
t(lambda: 97 in b"abc")
t(lambda: True in b"\x01")
t(lambda: 300 in b"abc")
t(lambda: -1 in bytearray(b"abc"))
t(lambda: "a" in b"abc")
t(lambda: b"" in b"abc")
