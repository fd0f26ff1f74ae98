# Metaclass hooks: __instancecheck__/__subclasscheck__, __prepare__, __init_subclass__, __set_name__, __class_getitem__.
class Meta(type):
    def __instancecheck__(cls, inst):
        return inst == 42
    def __subclasscheck__(cls, sub):
        return sub is int
class C(metaclass=Meta): pass
print(isinstance(42, C), isinstance(3, C), issubclass(int, C), issubclass(str, C))
print(isinstance(42, (str, C)))
class Loose(type):
    def __instancecheck__(cls, inst):
        return True
class Any_(metaclass=Loose): pass
class Plain: pass
print(isinstance(Plain(), Any_), isinstance(Any_(), Any_), issubclass(Any_, Plain))
for a, b in [(5, 3), (int, 3), (5, int), (5, (int,)), (int, (int, 3)), (int, (3, int))]:
    try:
        print(issubclass(a, b))
    except TypeError as e:
        print(type(e).__name__, e)
try:
    isinstance(1, 3)
except TypeError as e:
    print(type(e).__name__, e)
class Bad(type):
    @classmethod
    def __prepare__(m, name, bases):
        return 5
try:
    class D(metaclass=Bad): pass
except TypeError as e:
    print(type(e).__name__, e)
class NS(dict):
    def __setitem__(self, k, v):
        print('set', k)
        super().__setitem__(k, v)
class M2(type):
    @classmethod
    def __prepare__(m, name, bases):
        return NS()
class F:
    a = 1
d = F.__dict__
F.b = 2
print(d['a'])
try:
    d['c'] = 3
except TypeError as e:
    print(type(e).__name__, e)
class Base:
    def __init_subclass__(cls, tag=None, **kw):
        super().__init_subclass__(**kw)
        cls.tag = tag
class G(Base, tag='g'): pass
print(G.tag)
class Desc:
    def __set_name__(self, owner, name):
        self.name = name
class H:
    x = Desc()
print(H.x.name)
print(list[int], dict[str, int], tuple[int, ...])
class K:
    def __class_getitem__(cls, item):
        return f'K[{item}]'
print(K[int])
print(type(list[int]).__name__)
from collections import OrderedDict
class M3(type):
    @classmethod
    def __prepare__(m, name, bases):
        return OrderedDict()
class L(metaclass=M3):
    y = 2
print(L.y, type(L.__dict__).__name__)
print(isinstance(list[int], type))
