import errno
print(errno.ENOENT, errno.EEXIST, errno.EINVAL, errno.EAGAIN)
import array
a = array.array("i", [1, 2, 3])
a.append(4)
a.extend([5])
print(a, a[0], a[-1], len(a), list(a), sum(a))
b = array.array("B", b"\x01\x02")
print(b, bytes(b), array.array("d", [1.5]) .tolist() if hasattr(array.array, "tolist") else "")
h = array.array("h", [1, -1])
print(bytes(h), h.itemsize)
try:
    array.array("B", [256])
except OverflowError as e:
    print("OverflowError")
