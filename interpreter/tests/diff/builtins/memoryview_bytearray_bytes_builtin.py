print(bytes(4), bytes([1, 2]), bytes("ab", "ascii"), bytes(b"x"), bytes(bytearray(b"y")))
print(bytearray(2), bytearray([3]), bytearray(b"q"), bytearray("é", "utf-8"))
m = memoryview(b"abc")
print(m[1], bytes(m), len(m))
try:
    bytes("no encoding")
except TypeError as e:
    print("TypeError:", e)
try:
    memoryview("str")
except TypeError as e:
    print("TypeError:", e)
