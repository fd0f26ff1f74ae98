import struct, json
seed = 12345
def rnd(n):
    global seed
    seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
    return seed % n
chars = "@=<>!xcbB?hHiIlLqQnNefdspP0123 9z"
for _ in range(400):
    fmt = "".join(chars[rnd(len(chars))] for _ in range(rnd(6)))
    try:
        size = struct.calcsize(fmt)
        data = bytes(rnd(256) for _ in range(size))
        vals = struct.unpack(fmt, data)
        back = struct.pack(fmt, *vals)
        print(repr(fmt), size, vals == struct.unpack(fmt, back))
    except Exception as e:
        print(repr(fmt), type(e).__name__, e)
pieces = ['{', '}', '[', ']', '"a"', ':', ',', ' ', '1', '-', '.', 'e', '2', 'true', 'nul', '"\\u00', '"\\', '\n', 'x']
for _ in range(400):
    doc = "".join(pieces[rnd(len(pieces))] for _ in range(rnd(8)))
    try:
        print(repr(doc), repr(json.loads(doc)))
    except ValueError as e:
        print(repr(doc), type(e).__name__, e)
