# Subclasses of builtin types construct and behave as CPython: a bytearray subclass holds its
# initial bytes (also through super().__init__), set/frozenset/bytearray subclasses name
# themselves in repr and str, list/dict/str/int/tuple/bytes/set subclasses with methods.
class L(list): pass
class D(dict): pass
class S(str): pass
class I(int): pass
class T(tuple): pass
class St(set): pass
class FS(frozenset): pass
class B(bytes): pass
class BA(bytearray): pass
class F(float): pass
for C, a in [(L, [1, 2]), (D, {1: 2}), (S, "ab"), (I, 5), (T, (1, 2)), (St, {1}), (FS, {2}), (B, b"ab"), (BA, b"ab"), (F, 1.5)]:
    try:
        x = C(a)
        print(C.__name__, x, len(x) if hasattr(x, '__len__') else '-', type(x).__name__)
    except Exception as e:
        print(C.__name__, type(e).__name__, e)
print(D(a=1), L(), BA(3), BA(), BA("hi", "ascii"), D([(1, 2)], b=3))
b = BA(b"ab"); b[0] = 65; b.append(67); print(b, len(b), b == bytearray(b"ABC"))
class BA2(bytearray):
    def __init__(self, n):
        super().__init__(n)
        self.tag = "t"
x = BA2(b"xyz"); print(x, x.tag, len(x), x.upper())
class BA3(bytearray):
    def __init__(self):
        pass
print(len(BA3()))
print(repr(St()), repr(FS()), repr(BA()), str(St({3})), str(BA(b"q")), f"{St()}")
class L2(list):
    def __init__(self, *a):
        super().__init__(a)
print(L2(1, 2, 3), len(L2(4, 5)))
class D2(dict):
    def __missing__(self, k): return k * 2
print(D2(a=1)['zz'], D2({1: 2}))
class S2(str):
    def shout(self): return self.upper() + "!"
print(S2("hey").shout(), S2("ab") + "c", len(S2("abc")), S2("x") == "x")
class I2(int):
    def double(self): return self * 2
print(I2(21).double(), I2("7") + 1, I2(3) < 4, hash(I2(5)) == hash(5))
class T2(tuple):
    def first(self): return self[0]
print(T2([9, 8]).first(), T2((1,)) + (2,), T2())
class B2(bytes): pass
print(B2(b"ab"), B2(3), B2([65, 66]), len(B2(b"xyz")), B2(b"a") == b"a")
class St2(set): pass
s2 = St2([1, 2]); s2.add(3); print(sorted(s2), len(s2), 2 in s2)
