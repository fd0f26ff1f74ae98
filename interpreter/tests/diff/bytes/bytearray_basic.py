ba = bytearray(b"hello")
ba[0] = ord("H")
print(ba, len(ba))
ba.append(33)
ba.extend(b" ok")
print(ba)
ba[1:3] = b"EE"
print(ba)
del ba[0]
print(ba, ba.pop(), ba)
ba.insert(0, 72)
print(ba, ba.decode(), bytes(ba))
ba.reverse()
print(ba)
ba.remove(ord("o"))
print(ba, ba.find(b"l"), ba.count(b"E"), ba.upper())
print(bytearray(3), bytearray([1, 2]), bytearray("abc", "ascii"), bytearray(b"x") * 3)
ba2 = bytearray()
for i in range(5):
    ba2 += bytes([i * 10])
print(ba2, list(ba2), ba2 == b"\x00\n\x14\x1e(", ba2.hex())
try:
    ba2[0] = 300
except ValueError as e:
    print("ValueError:", e)
ba3 = bytearray(b"abc")
ba3.clear()
print(ba3, bytearray(b"a b").split(), bytearray(b"xyz")[::-1])
