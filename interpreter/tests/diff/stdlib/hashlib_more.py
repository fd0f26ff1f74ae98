import hashlib
for n in [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 200]:
    d = bytes((i * 7 + 3) & 255 for i in range(n))
    print(n, hashlib.sha256(d).hexdigest(), hashlib.sha1(d).hexdigest(), hashlib.md5(d).hexdigest(), hashlib.sha224(d).hexdigest())
h = hashlib.new("SHA256", b"ab")
c = h.copy()
c.update(b"c")
print(h.hexdigest(), c.hexdigest(), h.name, h.digest_size, h.block_size)
try:
    hashlib.sha256("str")
except TypeError as e:
    print("TypeError:", e)
try:
    hashlib.new("nope")
except ValueError as e:
    print("ValueError:", e)
