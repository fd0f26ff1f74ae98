# Typical user code: classes with properties/classmethods, generators (send/throw/yield from), context managers, custom exceptions, string methods, %-format and format(), math.
class Base:
    count = 0
    def __init__(self, name):
        self.name = name
        Base.count += 1
    @property
    def upper(self): return self.name.upper()
    @upper.setter
    def upper(self, v): self.name = v.lower()
    @classmethod
    def make(cls, n): return cls(n)
    @staticmethod
    def helper(x): return x * 2
    def __str__(self): return f"<{type(self).__name__} {self.name}>"
    def __lt__(self, o): return self.name < o.name
class Child(Base):
    def __init__(self, name, age):
        super().__init__(name)
        self.age = age
    def __repr__(self): return f"Child({self.name!r}, {self.age})"
c = Child("bob", 3)
print(c, repr(c), c.upper, Base.helper(4), Base.count, str(Base.make('z')))
c.upper = 'ALICE'; print(c.name, sorted([Child('b', 1), Child('a', 2)]))
print(Child.__mro__, Child.__name__, Child.__qualname__, Child.__bases__)
print(issubclass(Child, Base), isinstance(c, Base), hasattr(c, 'age'), getattr(c, 'nope', 'dflt'))
try:
    Child('x')
except TypeError as e:
    print(e)
try:
    c.upper2
except AttributeError as e:
    print(e)
try:
    Base.make()
except TypeError as e:
    print(e)
def g():
    x = yield 1
    while True:
        try:
            x = yield x * 2
        except ValueError:
            yield 'caught'
gg = g(); print(next(gg), gg.send(5), gg.throw(ValueError), next(gg))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b

print([0, 1, 1, 2, 3, 5, 8, 13, 21, 34])
def deleg():
    r = yield from range(3)
    return r
print(list(deleg()))
class Ctx:
    def __enter__(self): print('enter'); return self
    def __exit__(self, t, v, tb): print('exit', t.__name__ if t else None); return True
with Ctx() as cx:
    raise KeyError('k')
print('after')
try:
    try:
        1 / 0
    finally:
        print('fin')
except ZeroDivisionError as e:
    print('zde', e)
class MyErr(Exception):
    def __init__(self, code):
        super().__init__(f'code {code}')
        self.code = code
try:
    raise MyErr(7)
except MyErr as e:
    print(e, e.code, e.args, repr(e))
try:
    raise RuntimeError('r')
except RuntimeError as e:
    print(type(e).__name__, e)
s = 'Hello, World'
print(s.lower().count('l'), s.find('o'), s.rfind('o'), s.index('W'), s.replace('l', 'L', 2), s[::-1], s.title(), s.zfill(15), s.startswith(('He', 'x')), s.strip('Hd'), s.split(', ', 1), s.encode('ascii'), s.isalpha(), 'abc123'.isalnum(), '  '.isspace(), s.expandtabs(), 'a\tb'.expandtabs(4), s.casefold(), s.ljust(14, '.'), s.rsplit('o', 1), 'x'.join('abc'), s.removeprefix('Hel'), s.removesuffix('ld'))
print('%s is %d years and %.1f%%' % ('x', 3, 99.5), '%x %o %e %g' % (255, 8, 12345.678, 0.00001234), '%(a)s-%(b)03d' % {'a': 1, 'b': 2})
print(format(1234.5678, ',.2f'), format(0.000123, '.2e'), format(42, 'b'), format(-42, '08d'), format(3, '*^9'), format('s', '>4'))
import math
print(math.floor(-2.5), math.ceil(2.1), math.sqrt(16), math.pi, math.isclose(0.1 + 0.2, 0.3), math.gcd(12, 18), math.inf > 10**100, math.log(math.e), math.factorial(20))
print(int(True), float(3), str(None), bool([]), list('ab'), tuple([1]), set(), frozenset([1]), dict(a=1))
print(chr(97), ord('€'), hex(-255), oct(8), bin(5), 0b101, 0o17, 0xff, 1_000_000)
