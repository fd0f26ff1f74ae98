# A class's __dict__ keys as CPython's: __module__, the body's names, __dict__/__weakref__ for
# the first user class of a line (not for exceptions' __dict__, nor int/tuple/str's
# __weakref__), __doc__ always, never __qualname__.
class A:
    pass


class B(A):
    "doc of B"


class E(Exception):
    pass


class I(int):
    pass


class T(tuple):
    pass


class L(list):
    pass


class D(dict):
    pass


class O(object):
    x = 1

    def m(self):
        return 2


class M(A, L):
    pass


for c in (A, B, E, I, T, L, D, O, M):
    print(c.__name__, list(c.__dict__))
print([k for k in O.__dict__ if not k.startswith("__")], O.__dict__["x"], "x" in O.__dict__)
print(B.__dict__["__doc__"], A.__dict__["__doc__"], O.__dict__["__module__"], "__qualname__" in O.__dict__)
print(O.__qualname__, O().m(), len(vars(O)) == len(O.__dict__))
