print(hex(0), hex(255), hex(-255), hex(2 ** 64), oct(0), oct(8), oct(-8), oct(511))
print(ord("a"), ord("Z"), ord("\n"), ord("é"), ord("😀"), ord(b"A"))
try:
    hex(1.0)
except TypeError as e:
    print("TypeError:", e)
try:
    ord("")
except TypeError as e:
    print("TypeError:", e)
