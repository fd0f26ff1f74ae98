# `__class__` is the implicit cell of the class body: seen from methods, staticmethods,
# classmethods, properties, nested functions and lambdas, and subclasses keep the
# defining class.
class A:
    @staticmethod
    def st():
        return __class__.__name__

    @classmethod
    def cm(cls):
        return cls.__name__, __class__.__name__

    @property
    def prop(self):
        return __class__.__name__

    def nested(self):
        def inner():
            def innermost():
                return __class__
            return innermost()
        return inner().__name__

    def lam(self):
        return (lambda: __class__.__name__)()

    def gen(self):
        yield __class__.__name__

    def comp(self):
        return [__class__.__name__ for _ in range(2)]


class B(A):
    def who(self):
        return __class__.__name__, type(self).__name__


print(A.st(), B.st(), A().st())
print(A.cm(), B.cm())
print(A().prop, B().prop)
print(A().nested(), B().nested(), B().lam(), list(B().gen()), B().comp())
print(B().who())


def outer():
    class Local:
        def get(self):
            return __class__
    return Local


L = outer()
print(L().get() is L, L.__qualname__)


class Decorated:
    def m(self):
        return __class__


Original = Decorated


def replace(cls):
    return "replaced"


@replace
class Decorated2:
    def m(self):
        return __class__


print(Original().m() is Original, Decorated2)

try:
    def plain():
        return __class__
    plain()
except NameError as e:
    print(type(e).__name__, e)
