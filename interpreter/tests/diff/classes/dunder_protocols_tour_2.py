class Num:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return self.v == getattr(o, 'v', o)
    def __lt__(self, o): return self.v < o.v
    def __le__(self, o): return self.v <= o.v
    def __repr__(self): return f"N{self.v}"
    def __int__(self): return self.v
    def __float__(self): return float(self.v)
    def __index__(self): return self.v
    def __format__(self, spec): return f"<{format(self.v, spec)}>"
    def __iadd__(self, o): self.v += o; return self
    def __pow__(self, o, mod=None): return Num(pow(self.v, o, mod))
    def __rsub__(self, o): return Num(o - self.v)
    def __truediv__(self, o): return Num(self.v / o)
    def __floordiv__(self, o): return Num(self.v // o)
    def __mod__(self, o): return Num(self.v % o)
    def __and__(self, o): return Num(self.v & o)
    def __lshift__(self, o): return Num(self.v << o)
    def __matmul__(self, o): return "matmul"
    def __round__(self, n=None): return Num(round(self.v, n))
    def __trunc__(self): return 7
n = Num(5); n += 3; print(n, int(n), float(n), [0,1,2,3,4,5,6,7,8,9][n], f"{n:>4}", format(n, "x"), n ** 2, pow(n, 2, 5), 10 - n, n / 2, n // 3, n % 3, n & 1, n << 2, n @ n, round(n), hex(n))
print(Num(1) == 1, Num(1) != Num(2), Num(1) > Num(0), Num(1) >= Num(1), sorted([Num(3), Num(1), Num(2)]))
print(Num.__eq__ is not None, Num.__hash__)
class Ctx:
    def __init__(self, name): self.name = name
    def __enter__(self): print("enter", self.name); return self
    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None, ev)
        return et is ValueError
with Ctx("a") as a, Ctx("b") as b:
    print("body", a.name, b.name)
with Ctx("c"):
    raise ValueError("swallowed")
try:
    with Ctx("d"):
        raise KeyError("propagates")
except KeyError as e: print("got", repr(e))
class Slotted:
    __slots__ = ("a", "b")
s = Slotted(); s.a = 1
try: print(s.b)
except AttributeError as e: print(type(e).__name__, e)
print(hasattr(s, "__dict__"), Slotted.__slots__)
class WithStr:
    def __str__(self): return "str!"
print(WithStr(), str(WithStr()), f"{WithStr()}", "%s" % WithStr(), repr(WithStr())[:10])
class Eq:
    def __eq__(self, o): return True
print(Eq() == 1, Eq() != 1, Eq.__hash__)
try: hash(Eq())
except TypeError as e: print(e)
class Bo:
    def __len__(self): return 0
print(bool(Bo()), not Bo())
