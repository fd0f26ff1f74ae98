# abc (host-only stdlib): ABC, ABCMeta, abstractmethod and the TypeError on instantiating an
# abstract class.
from abc import ABC, ABCMeta, abstractmethod


class Shape(ABC):
    @abstractmethod
    def area(self):
        pass

    @abstractmethod
    def perimeter(self):
        pass

    def describe(self):
        return "%s with area %s" % (type(self).__name__, self.area())


class Square(Shape):
    def __init__(self, side):
        self.side = side

    def area(self):
        return self.side * self.side

    def perimeter(self):
        return 4 * self.side


class HalfDone(Shape):
    def area(self):
        return 0


for cls in (Shape, HalfDone):
    try:
        cls()
    except TypeError as e:
        print("TypeError:", e)

sq = Square(3)
print(sq.area(), sq.perimeter(), sq.describe(), isinstance(sq, Shape), isinstance(sq, ABC))
print(sorted(Shape.__abstractmethods__), sorted(HalfDone.__abstractmethods__))
print(sorted(Square.__abstractmethods__), type(Shape) is ABCMeta)


class Base(metaclass=ABCMeta):
    @abstractmethod
    def run(self, x):
        ...

    @classmethod
    def make(cls):
        return cls()


class Impl(Base):
    def run(self, x):
        return x + 1


print(Impl.make().run(1))
try:
    Base.make()
except TypeError as e:
    print("TypeError:", e)


class WithProp(ABC):
    @property
    @abstractmethod
    def name(self):
        ...


class Named(WithProp):
    @property
    def name(self):
        return "named"


print(Named().name)
try:
    WithProp()
except TypeError as e:
    print("TypeError:", e)


class Plain(ABC):
    def __init__(self, v):
        self.v = v


p = Plain(5)
p.extra = 1
print(p.v, p.extra)


class Reader(ABC):
    @abstractmethod
    def read(self):
        ...


class Both(Reader):
    @abstractmethod
    def write(self, data):
        ...


try:
    Both()
except TypeError as e:
    print("TypeError:", e)
