# Typical user code: __slots__ class, format specs, str methods, int/float edges, slicing, unpacking, closures, exception messages.
class V:
    __slots__ = ('x', 'y')
    def __init__(self, x, y): self.x, self.y = x, y
    def __repr__(self): return f"V({self.x!r}, {self.y!r})"
    def __add__(self, o): return V(self.x + o.x, self.y + o.y)
    def __eq__(self, o): return isinstance(o, V) and (self.x, self.y) == (o.x, o.y)
    __hash__ = None
print(V(1, 2) + V(3, 4), V(1, 2) == V(1, 2))
try: hash(V(1, 2))
except TypeError as e: print(e)
try: V(1, 2).z = 3
except AttributeError as e: print(e)
print(f"{3.14159:8.3f}|{42:>6}|{'ab':^7}|{1234567:,}|{0.5:%}|{255:#x}|{-3:+d}|{1e20:g}|{12.0:g}")
print('%5.2f %-4d %s %r %%' % (2.5, 7, 'x', 'y'))
print("a,b,,c".split(','), " a  b ".split(), "x".center(5, '*'), "Hello".swapcase(), "abc".partition('b'))
print("{0}{1}{0}".format('a', 'b'), "{name}!".format(name='n'), "{:08.3f}".format(-3.5))
print(int('0x1f', 16), int('  12 '), float('1e-3'), round(2.675, 2), round(0.5), round(1.5), round(-0.5))
print(divmod(-7, 2), -7 // 2, -7 % 2, 7 % -2, 2 ** -1, 10 / 4, (-8) ** (1/3) if False else 0)
print(1e16, 1.0e-5, 123456789.0 * 10, float('inf'), -float('inf'), float('nan'), 0.1 + 0.2)
a = list(range(10))
print(a[::-2], a[-3:], a[8:2:-2], a[:100], a[5:2])
a[2:5] = ['x']; print(a)
del a[::3]; print(a)
x, *y, z = range(5); print(x, y, z)
(a1, b1), c1 = (1, 2), 3; print(a1, b1, c1)
def gen():
    try:
        yield 1
        yield 2
    finally:
        print('cleanup')
g = gen(); print(next(g)); g.close()
def counter():
    n = 0
    def inc():
        nonlocal n
        n += 1
        return n
    return inc
c = counter(); c(); print(c())
try:
    raise ValueError('bad') from KeyError('k')
except ValueError as e:
    print(repr(e), repr(e.__cause__))
try:
    {}['missing']
except KeyError as e:
    print(e, repr(e))
try:
    [].pop()
except IndexError as e:
    print(e)
try:
    int('x')
except ValueError as e:
    print(e)
try:
    None.foo
except AttributeError as e:
    print(e)
try:
    'a' + 1
except TypeError as e:
    print(e)
try:
    len(5)
except TypeError as e:
    print(e)
try:
    f = lambda a, b: 0; f(1)
except TypeError as e:
    print(e)
print(sorted({'b': 1, 'a': 2}.items(), key=lambda kv: kv[1], reverse=True))
print(list(zip('abc', range(3))), dict(zip('ab', [1, 2])), list(enumerate('ab', 1)))
print(max([], default=None), min('bca'), sum([0.1] * 10), any([]), all([]))
print(str(b'abc'), bytes([65, 66]).decode(), 'é'.encode(), bytearray(b'x') + b'y')
print(isinstance(True, int), type(1) is int, 3 == 3.0, hash(3) == hash(3.0), 1 < 2 < 3)
print([i * j for i in range(3) for j in range(3) if i != j], {k: v for k, v in [(1, 2)]}, {x % 3 for x in range(9)})
print(repr('it\'s'), repr("a\"b"), repr('\n\t\x00é'), ascii('é'))
print(0.1 * 3, 1/3, 2/3, 100.0, 1e-7, 123e45, -0.0, 5e-324)
print(int(1e20), 10**20, 2**64 - 1, -2**63, 7 // -1, abs(-7.5), pow(3, 4, 5))
print(f"{'x'!r:>5}{3:03}{1.5e-10}", f"{{}}", f"{1+1=}")
