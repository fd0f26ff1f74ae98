# Inheritance with dunders: abstract-style bases, __init_subclass__ registry, super() chains, __slots__.
class Shape:
    registry = {}
    def __init_subclass__(cls, kind=None, **kw):
        super().__init_subclass__(**kw)
        if kind:
            Shape.registry[kind] = cls
    def area(self):
        raise NotImplementedError(type(self).__name__ + '.area')
    def __lt__(self, other):
        return self.area() < other.area()
    def __repr__(self):
        return f'<{type(self).__name__} {self.area():.2f}>'
class Rect(Shape, kind='rect'):
    __slots__ = ('w', 'h')
    def __init__(self, w, h): self.w, self.h = w, h
    def area(self): return self.w * self.h
class Square(Rect, kind='square'):
    __slots__ = ()
    def __init__(self, s): super().__init__(s, s)
class Circle(Shape, kind='circle'):
    def __init__(self, r): self.r = r
    def area(self): return 3.14159 * self.r ** 2
print(sorted(Shape.registry), Shape.registry['square'].__mro__[1].__name__)
shapes = [Rect(2, 3), Square(2), Circle(1)]
print(sorted(shapes), max(shapes), [type(s).__name__ for s in sorted(shapes, reverse=True)])
try:
    Shape().area()
except NotImplementedError as e:
    print('NotImplementedError', e)
try:
    Square(2).color = 'red'
except AttributeError as e:
    print('AttributeError', e)
print(isinstance(Square(1), Rect), issubclass(Square, Shape), Square.__bases__[0].__name__, hasattr(Circle(1), '__dict__'))
class Temp:
    def __init__(self, c): self._c = c
    @property
    def f(self): return self._c * 9 / 5 + 32
    @f.setter
    def f(self, v): self._c = (v - 32) * 5 / 9
    def __format__(self, spec):
        return format(self._c, spec) + 'C' if spec else f'{self._c}C'
t = Temp(100); print(t.f, f'{t}', f'{t:.1f}'); t.f = 32; print(t._c, format(t, '04.0f'))
class Money:
    def __init__(self, cents): self.cents = cents
    def __add__(self, o): return Money(self.cents + (o.cents if isinstance(o, Money) else o))
    __radd__ = __add__
    def __bool__(self): return self.cents != 0
    def __str__(self): return f'${self.cents // 100}.{self.cents % 100:02d}'
    def __int__(self): return self.cents
    def __index__(self): return self.cents
    def __float__(self): return self.cents / 100
print(sum([Money(150), Money(275)]), 5 + Money(1), bool(Money(0)), int(Money(7)), float(Money(250)), [10, 20, 30][Money(1)], hex(Money(255)))
class SA:
    __slots__ = ('a',)
class SB(SA):
    pass
class SC(SA):
    __slots__ = ('c',)
b = SB(); b.a = 1; b.z = 2; print(b.a, b.z)
c = SC(); c.a = 1; c.c = 2; print(c.a, c.c)
try:
    c.z = 3
except AttributeError as e:
    print('AttributeError', e)
