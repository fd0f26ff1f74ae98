# del of bytearray and list slices: steps 1, 2 and -3, empty and out-of-range slices.
b = bytearray(b'abcdefgh')
del b[1:3]; print(b)
del b[::2]; print(b)
b = bytearray(b'abcdefgh'); del b[::-3]; print(b)
b = bytearray(b'abcdefgh'); del b[10:]; del b[-2:]; print(b)
b = bytearray(b'abcdefgh'); del b[5:1]; print(b)
l = list(range(10)); del l[2:5]; del l[::-2]; print(l)
