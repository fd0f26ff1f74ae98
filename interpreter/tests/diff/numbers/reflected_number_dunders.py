# int and float have the reflected operator methods and unary +/~ methods of CPython.
print((7).__rtruediv__(2), (7).__rfloordiv__(20), (3).__rmod__(10), (2).__rpow__(3), (6).__rand__(3), (6).__ror__(1), (6).__rxor__(3), (2).__rlshift__(1), (1).__rrshift__(8))
print((2.0).__rtruediv__(1), (2.5).__rfloordiv__(7), (2.5).__rmod__(7), (2.0).__rpow__(3), (5).__pos__(), (5).__invert__(), True.__invert__(), (-1.5).__pos__())
print((1).__rtruediv__("a"), (1.0).__rpow__("x"))
class I(int):
    def __rsub__(self, o): return "rsub " + str(super().__rsub__(o))
    def __rtruediv__(self, o): return "rdiv " + str(super().__rtruediv__(o))
print(10 - I(3), 1 / I(4), 2 ** I(3), ~I(5), +I(5))
print((1j).__neg__(), (1+2j).__neg__(), -(1j), (True).__neg__(), (1.5).__pos__(), (3).__invert__())
