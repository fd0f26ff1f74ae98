s = list(range(10))
print(s[2:5], s[:3], s[7:], s[-3:], s[:-7], s[::2], s[1::3], s[::-1], s[8:2:-2])
print(s[100:], s[-100:2], s[5:2], s[::-3])
t = "hello world"
print(t[::-1], t[6:], t[:5], t[-5:-1], t[1:8:2])
print((1, 2, 3, 4)[1:3], (1, 2, 3)[::-1])
a = list(range(8))
a[2:4] = ["x", "y", "z"]
print(a)
a[::2] = [0] * len(a[::2])
print(a)
a[:] = []
print(a)
b = [1, 2, 3]
b[1:1] = [9, 9]
print(b)
try:
    b[::2] = [1]
except ValueError as e:
    print("ValueError:", e)
sl = slice(1, 9, 2)
print(s[sl], sl.start, sl.stop, sl.step)
print(slice(None, 5).indices(10), slice(-3, None, None).indices(10), slice(None, None, -1).indices(5))
print("abc"[5:], "abc"[-1], range(10)[2:8:3])
