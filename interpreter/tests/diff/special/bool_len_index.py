class Idx:
    def __init__(self, v):
        self.v = v
    def __index__(self):
        return self.v
lst = list(range(10))
print(lst[Idx(3)], lst[Idx(1):Idx(4)], bin(Idx(5)), hex(Idx(255)), "ab" * Idx(2))
print(range(Idx(3)), [0, 1, 2][Idx(-1)])
class L:
    def __len__(self):
        return 3
print(len(L()), bool(L()))
class NegLen:
    def __len__(self):
        return -1
try:
    len(NegLen())
except ValueError as e:
    print("ValueError:", e)
class IntLike:
    def __int__(self):
        return 7
    def __float__(self):
        return 2.5
print(int(IntLike()), float(IntLike()))
