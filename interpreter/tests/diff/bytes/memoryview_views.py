# memoryview slices are views: writes through them reach the base
ba = bytearray(b"abcdefgh")
mv = memoryview(ba)
s = mv[1:7:2]
print(bytes(s), len(s), s.tolist(), list(s), s.nbytes, s.obj is ba, s.readonly, s.contiguous)
s[1] = ord("X")
print(ba)
r = mv[::-1]
print(bytes(r))
r[0] = ord("Z")
print(ba)
ss = s[::-1]
print(bytes(ss), ss.tolist(), ss[0], ss[-1])
def attempt(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
def set_256():
    mv[0] = 256
def set_str():
    mv[0] = "a"
def set_far():
    mv[100] = 1
def set_wrong_len():
    mv[0:2] = b"xyz"
def set_ro():
    memoryview(b"abc")[0] = 1
def set_ro_slice():
    memoryview(b"abc")[1:][0] = 1
attempt(set_256)
attempt(set_str)
attempt(lambda: mv[100])
attempt(lambda: mv[-100])
attempt(set_far)
attempt(set_wrong_len)
attempt(set_ro)
attempt(set_ro_slice)
mv[0:3] = b"123"
print(ba)
mv[5:8] = bytearray(b"!!!")
print(ba)
s2 = mv[2:5]
s2[:] = b"..."
print(ba)
s2[::2] = memoryview(b"<>")
print(ba)
print(mv[2:5] == b"<.>", mv[2:5] == bytearray(b"<.>"), b"<.>" == mv[2:5], mv[1:3] == mv[1:3])
print(mv[-1], bytes(mv[-3:]), mv[2:5].hex(), mv[::3].tobytes())
m2 = memoryview(mv[1:6])
print(bytes(m2), len(m2))
m2[0] = ord("#")
print(ba)
print(hash(memoryview(b"abc")) == hash(b"abc"), hash(memoryview(b"abcd")[1:]) == hash(b"bcd"))
attempt(lambda: hash(mv))
e = mv[5:2]
print(len(e), bytes(e), e.tolist(), list(e))
one = mv[3:4:100]
print(bytes(one), len(one))
import struct
print(struct.unpack("<H", mv[1:3]))
struct.pack_into("<H", mv[4:8], 1, 0x4142)
print(ba)
print(b"x" + mv[0:2], bytearray(b"y") + mv[6:])
print(bytearray(mv[0:3]), bytes(mv[::2]))
print(list(mv[1:4]), [x for x in mv[::-3]])
mv.release()
attempt(lambda: mv[0])
attempt(lambda: len(mv))
attempt(lambda: bytes(mv))
print(bytes(s))
