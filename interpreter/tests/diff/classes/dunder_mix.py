class Vec:
    def __init__(self, x, y): self.x, self.y = x, y
    def __repr__(self): return f'Vec({self.x!r}, {self.y!r})'
    def __add__(self, o): return Vec(self.x + o.x, self.y + o.y) if isinstance(o, Vec) else NotImplemented
    def __radd__(self, o): return self if o == 0 else NotImplemented
    def __mul__(self, k): return Vec(self.x * k, self.y * k)
    __rmul__ = __mul__
    def __eq__(self, o): return isinstance(o, Vec) and (self.x, self.y) == (o.x, o.y)
    def __hash__(self): return hash((self.x, self.y))
    def __lt__(self, o): return (self.x, self.y) < (o.x, o.y)
    def __bool__(self): return bool(self.x or self.y)
    def __len__(self): return 2
    def __getitem__(self, i): return (self.x, self.y)[i]
    def __iter__(self): yield self.x; yield self.y
    def __neg__(self): return Vec(-self.x, -self.y)
    def __abs__(self): return (self.x ** 2 + self.y ** 2) ** 0.5
    def __iadd__(self, o): self.x += o.x; self.y += o.y; return self
print(Vec(1, 2) + Vec(3, 4), 3 * Vec(1, 1), sum([Vec(1, 1), Vec(2, 2)]), -Vec(1, 2), abs(Vec(3, 4)))
print(sorted([Vec(2, 1), Vec(1, 5)]), Vec(1, 2) == Vec(1, 2), Vec(1, 2) != Vec(1, 3), {Vec(1, 2), Vec(1, 2)})
print(bool(Vec(0, 0)), len(Vec(0, 0)), list(Vec(5, 6)), Vec(5, 6)[1], max(Vec(1, 9)))
v = Vec(1, 1); v += Vec(1, 1); print(v)
try:
    Vec(1, 2) + 5
except TypeError as e:
    print(e)
try:
    Vec(1, 2) < 5
except (TypeError, AttributeError) as e:
    print(type(e).__name__)
class Base:
    def __init__(self): self.log = ['Base']
    def who(self): return 'Base'
class L(Base):
    def __init__(self): super().__init__(); self.log.append('L')
    def who(self): return 'L>' + super().who()
class R(Base):
    def __init__(self): super().__init__(); self.log.append('R')
    def who(self): return 'R>' + super().who()
class D(L, R):
    def __init__(self): super().__init__(); self.log.append('D')
    def who(self): return 'D>' + super().who()
d = D(); print(d.log, d.who(), [c.__name__ for c in D.__mro__])
class P:
    def __init__(self): self._v = 0
    @property
    def v(self): return self._v
    @v.setter
    def v(self, x):
        if x < 0: raise ValueError('neg')
        self._v = x
    @v.deleter
    def v(self): print('del v')
p = P(); p.v = 5; print(p.v)
try: p.v = -1
except ValueError as e: print(e)
del p.v
class Q:
    count = 0
    @classmethod
    def make(cls): cls.count += 1; return cls()
    @staticmethod
    def helper(x): return x * 2
class Q2(Q): pass
Q2.make(); Q2.make(); print(Q.count, Q2.count, Q.helper(3), Q2().helper(4))
class G:
    def __getattr__(self, n): return n.upper()
    def __setattr__(self, n, v): object.__setattr__(self, n, v * 2)
g = G(); g.a = 2; print(g.a, g.zzz)
class Call:
    def __call__(self, *a, **k): return a, sorted(k.items())
print(Call()(1, 2, x=3))
class Ctx:
    def __enter__(self): print('enter'); return self
    def __exit__(self, t, v, tb): print('exit', t.__name__ if t else None); return True
with Ctx() as c:
    raise KeyError('x')
print('after')
print(Vec.__name__, Vec.__qualname__, type(Vec(1, 2)).__name__)
class Str:
    def __str__(self): return 'S'
    def __repr__(self): return 'R'
print(Str(), [Str()], f'{Str()}', f'{Str()!r}', str(Str()), '%s %r' % (Str(), Str()))
class Cont:
    def __contains__(self, x): return x == 3
print(3 in Cont(), 4 in Cont(), 4 not in Cont())
class Slots:
    __slots__ = ('a', 'b')
    def __init__(self): self.a = 1
s = Slots(); print(s.a, hasattr(s, 'b'))
