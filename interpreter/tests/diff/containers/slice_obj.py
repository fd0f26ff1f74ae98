s = slice(1, 10, 2)
print(s, s.start, s.stop, s.step)
print(slice(5), slice(None), slice(1, None, -1))
data = list(range(20))
print(data[s], data[slice(5)], data[slice(None, None, -5)])
print(s.indices(5), slice(-1, -10, -2).indices(8), slice(None, None, None).indices(3))
print(slice(1, 2) == slice(1, 2), slice(1, 2) == slice(1, 3))
print("abcdef"[slice(1, None, 2)], (1, 2, 3)[slice(-2, None)])
class Recorder:
    def __getitem__(self, key):
        return key
r = Recorder()
print(r[1:2], r[::3], r[1:2, 3], r[...], r[:, None])
try:
    [1, 2][::0]
except ValueError as e:
    print("ValueError:", e)
