# __setattr__ / __getattribute__ / __getattr__ given to a class after its subclasses (and
# their instances) exist apply to them too.
class A:
    pass


class B(A):
    pass


class C(B):
    pass


b = B()
c = C()
b.x = 1
print(b.x)


def sa(self, name, value):
    object.__setattr__(self, name, value * 2)


A.__setattr__ = sa
b.x = 5
c.y = "ab"
print(b.x, c.y)
del A.__setattr__
b.x = 5
print(b.x)


def ga(self, name):
    return "dyn:" + name


A.__getattr__ = ga
print(b.zzz, c.q)


def gattr(self, name):
    if name == "secret":
        return 42
    return object.__getattribute__(self, name)


B.__getattribute__ = gattr
print(c.secret, b.secret, c.y)
