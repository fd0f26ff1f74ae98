# The builtin types' ordering and != methods, which appear when a program names them.
class M(int): pass
class L(list): pass
print(M(1) < M(2), M(0) < 5, sorted([M(3), M(1)]), bool(M(0)), L([1]) < L([2]), L([3]) >= [3])
print((1).__lt__(2), 'a'.__ge__('b'), [1].__ne__([2]), int.__le__(1, 1))
print(hasattr(1, '__lt__'), getattr('x', '__le__')('y'), object.__lt__(1, 2), sorted('cba'))
class V:
    def __init__(self, x): self.x = x
    def __lt__(self, o): return self.x < o.x
    def __repr__(self): return 'V(%d)' % self.x
print(sorted([V(2), V(1)]), V(1) > V(0), V(1) != V(1))
try:
    V(1) <= V(2)
except TypeError as e: print(e)
print(super(M, M(3)).__lt__(4), M(5).__ne__(5), (2.0).__lt__(3))
print(vars(int).get('__lt__') is not None, '__ge__' in dir(str), getattr(int, '__n' + 'e__')(1, 2))
