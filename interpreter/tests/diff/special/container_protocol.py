class Sparse:
    def __init__(self, n):
        self.n = n
        self.data = {}
    def __len__(self):
        return self.n
    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self.n))]
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError("sparse index out of range")
        return self.data.get(i, 0)
    def __setitem__(self, i, v):
        self.data[i] = v
    def __delitem__(self, i):
        del self.data[i]
    def __contains__(self, v):
        print("contains", v)
        return v in self.data.values()
s = Sparse(6)
s[2] = 5
s[4] = 7
print(len(s), s[2], s[3], s[-2], s[1:5], s[::-2])
print(5 in s, 8 in s)
del s[2]
print(s[2], list(s))
try:
    s[10]
except IndexError as e:
    print("IndexError:", e)
try:
    del s[0]
except KeyError as e:
    print("KeyError:", e)
class SeqOnly:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError
        return i * 10
print(list(SeqOnly()), 20 in SeqOnly(), 25 in SeqOnly())
