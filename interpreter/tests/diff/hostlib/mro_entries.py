# PEP 560: a base that is not a class but has __mro_entries__ is replaced by what it
# returns; the class keeps the written bases as __orig_bases__ (host only, for flash).
class A:
    def hello(self):
        return "A.hello"


class Alias:
    def __init__(self, target):
        self.target = target

    def __mro_entries__(self, bases):
        print("mro_entries called with", len(bases), "bases")
        return (self.target,)


alias = Alias(A)


class C(alias):
    pass


print(C.__bases__, C.__mro__[1] is A, C.__orig_bases__[0] is alias, C().hello())


class Mixin:
    pass


class D(Mixin, Alias(dict)):
    pass


d = D(a=1)
print(D.__bases__, d["a"], isinstance(d, dict), len(D.__orig_bases__))


class Nothing:
    def __mro_entries__(self, bases):
        return ()


class E(Nothing()):
    pass


print(E.__bases__, hasattr(E, "__orig_bases__"))
print("__orig_bases__" in A.__dict__)
