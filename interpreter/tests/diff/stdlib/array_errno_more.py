import array, errno
print(errno.errorcode[errno.ENOENT], errno.errorcode[11], errno.errorcode[35], errno.errorcode[95], errno.ETIMEDOUT, errno.ECONNRESET)
for c in 'bBhHiIlLqQ':
    a = array.array(c)
    print(c, a.itemsize, a)
    for v in (-1, 2**70, -2**70, 2**(a.itemsize*8)):
        try:
            array.array(c, [v])
            print("ok", v)
        except OverflowError as e:
            print(c, v if abs(v) < 2**70 else 'huge', e)
a = array.array("h", [1, 2, 3, -4])
print(a.tobytes(), a[1:3], a * 2, a + array.array("h", [9]), a.pop(), a.index(2), a.count(1), 2 in a, a.tolist())
a.byteswap()
print(a)
a.insert(0, 7); a.reverse(); a.remove(7)
print(a, a == array.array("h", a.tolist()), len(a))
b = array.array("d", [1.5, 2])
b.frombytes(array.array("d", [3.25]).tobytes())
print(b, b[-1], array.array("f", [0.1])[0], array.array("u", "hé"), array.array("B", b"\xff\x00"))
for bad in [lambda: array.array("z"), lambda: array.array("i", ["x"]), lambda: array.array("B", b"ab").frombytes(b"x") , lambda: array.array("h", b"abc"), lambda: array.array("i", [1])[5], lambda: array.array("i").pop(), lambda: array.array("i", "s")]:
    try:
        bad()
        print("no error")
    except (ValueError, TypeError, IndexError, OverflowError) as e:
        print(type(e).__name__, e)
print(array.array("f", [1e39, -1e300]))
