# array.array as a buffer: memoryview(a) in the array's item format (format, itemsize, nbytes,
# tolist, cast, item writes), struct.pack_into/unpack_from on it, bytes(a) and bytearray(a),
# binascii over it, slice assignment, and del of bytearray slices.
from array import array
import struct
a = array('h', [1, 2, 3])
m = memoryview(a)
print(m.format, m.itemsize, m.nbytes, len(m), m.tolist(), m[1], m[-1], m.contiguous, m.readonly)
m[0] = -5
print(a, m[::2].tolist(), m[1:3].nbytes, bytes(m[1:2]), list(m))
c = m.cast('B')
print(len(c), c.format, c[0], c.tolist())
for bad in (1 << 20, 1.5, "x"):
    try:
        m[0] = bad
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(bytes(a), bytearray(a), a.tobytes() == bytes(m))
struct.pack_into('<h', a, 2, 300)
print(a, struct.unpack_from('<hh', a, 0))
a[1:3] = array('h', [7, 8])
print(a, a[::-1], a * 2, a + a)
d = array('d', [1.5, -2.25])
md = memoryview(d)
md[1] = 4
print(md[0], list(md), d, md.tolist())
f = array('f', [0.1])
print(memoryview(f)[0] == f[0], f)
q = array('Q', [2**64 - 1])
print(memoryview(q)[0], memoryview(q).format)
ba = bytearray(8)
mv = memoryview(ba).cast('I')
mv[1] = 0xdeadbeef
print(ba.hex(), len(mv), mv.tolist())
a2 = array('b', [1, -1])
a2.insert(1, 5); a2.insert(-100, 9); print(a2, a2.pop(), a2.pop(0), a2)
a2.extend([3, 4]); a2.remove(3); a2.reverse(); print(a2, a2.index(5), a2.count(5), 5 in a2)
a2.byteswap(); print(a2)
h = array('H', [1, 256]); h.byteswap(); print(h)
del h[0]; print(h); del h[:]; print(h, len(h))
u = array('u', 'hey'); print(u, u.tounicode(), u[1], len(u)); u.append('!'); print(u)
import binascii
print(binascii.hexlify(array('B', [1, 2, 255])), binascii.crc32(array('B', [1])))
try:
    array('h', [1])[5]
except IndexError as e:
    print(e)
print(array('i', b'\x01\x00\x00\x00'), array('l', range(3)).buffer_info()[1])
