# Explicit __eq__/__ne__ of builtin types answer NotImplemented for types they do not know (CPython).
print((3).__eq__('a'), (3).__ne__('a'), 'a'.__eq__(3), [1].__eq__(3), [1].__eq__((1,)), (1,).__eq__([1]))
print((3).__eq__(3.0), (3.0).__eq__(3), (1).__eq__(True), (3).__eq__(3), 'a'.__eq__('a'), 'a'.__ne__('b'))
print({1}.__eq__(frozenset({1})), b'a'.__eq__(bytearray(b'a')), {}.__eq__([]), range(3).__eq__(range(3)))
print((2**80).__eq__(2**80), (2**80).__eq__(1.0), (1.5).__eq__(2**80))
class MyInt(int): pass
class MyList(list): pass
class MyStr(str):
    def __eq__(self, o): return str.__eq__(self, o)
    __hash__ = str.__hash__
print(MyInt(3) == 3.0, 3.0 == MyInt(3), MyInt(3) == 3, MyList([1]) == [1], MyList([1]) == (1,), MyStr('a') == 'a', MyStr('a') == 1, MyStr('a') != 1)
print(MyInt(3).__eq__(3.0), MyList([1]).__eq__([1]), MyStr('x') in {'x': 1}, MyInt(2) in [1.0, 2.0])
class P:
    def __eq__(self, o): return NotImplemented
print(P() == 3, 3 == P(), [P()] == [3])
print(bytearray(b'a').__eq__(b'a'), b'a'.__eq__(memoryview(b'a')), b'a'.__eq__(b'a'))
