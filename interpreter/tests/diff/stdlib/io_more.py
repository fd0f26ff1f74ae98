import io
s = io.StringIO("abc\ndef\n")
print(s.read(2), s.tell(), s.readline(), s.readline(), repr(s.readline()), s.seek(0, 2), s.write("xyz"), repr(s.getvalue()))
s.seek(1)
s.write("Z")
print(repr(s.getvalue()), s.truncate(3), repr(s.getvalue()), s.readable(), s.seekable())
with io.StringIO("q") as t:
    print(t.read())
try:
    t.read()
except ValueError as e:
    print("ValueError:", e)
try:
    io.StringIO().write(b"x")
except TypeError as e:
    print("TypeError:", e)
b = io.BytesIO(b"12345")
buf = bytearray(3)
print(b.readinto(buf), buf, b.read(), b.seek(-2, 2), b.read(), b.seek(8), b.write(b"!"), b.getvalue())
try:
    io.BytesIO("s")
except TypeError as e:
    print("TypeError:", e)
print(io.BytesIO(b"a\nb").readlines(), list(io.StringIO("x\ny")))
