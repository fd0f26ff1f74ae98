b = b"hello"
print(b, len(b), b[0], b[-1], b[1:3], b[::-1], list(b))
print(b + b" world", b * 2, b"ll" in b, 104 in b, b.upper(), b.count(b"l"))
print(bytes(3), bytes([65, 66, 67]), bytes(range(5)), bytes("héllo", "utf-8"), bytes(b"copy"))
print(b.find(b"l"), b.rfind(b"l"), b.index(b"o"), b.startswith(b"he"), b.endswith(b"lo"))
print(b.split(b"l"), b"a,b,c".split(b","), b" x y ".strip(), b"-".join([b"a", b"b"]))
print(b.replace(b"l", b"L"), b.hex(), bytes.fromhex("de ad be ef"), b.decode())
print(b == b"hello", b < b"help", b"" == bytes(), type(b[0]).__name__)
print(repr(b"\x00\x01\x7f\x80\xff\n\t'\""), b"\\")
try:
    b[0] = 1
except TypeError as e:
    print("TypeError:", e)
try:
    bytes([256])
except ValueError as e:
    print("ValueError:", e)
try:
    b"a" + "b"
except TypeError as e:
    print("TypeError:", e)
print(b.isalpha(), b"123".isdigit(), b"  ".isspace(), b"Ab".islower(), b"abc".title(), b"x".zfill(3), b"ab".center(6, b"*"))
print(bytes.maketrans(b"ab", b"xy"), b"abc".translate(bytes.maketrans(b"ab", b"xy")))
