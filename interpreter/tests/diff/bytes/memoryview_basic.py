data = bytearray(b"abcdef")
mv = memoryview(data)
print(len(mv), mv[0], mv[-1], bytes(mv[1:4]), mv.tobytes(), mv.tolist())
mv[0] = ord("A")
print(data)
sub = mv[2:5]
sub[0] = ord("C")
print(data, bytes(sub), len(sub))
print(mv.readonly, memoryview(b"xyz").readonly, mv.nbytes, mv.itemsize, mv.format)
try:
    memoryview(b"ro")[0] = 1
except TypeError as e:
    print("TypeError:", e)
mv2 = memoryview(b"hello world")
print(bytes(mv2[6:]), mv2[::2].tobytes(), mv2 == b"hello world")
print(list(memoryview(bytes(range(4)))))
