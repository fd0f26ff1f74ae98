class A:
    def who(self):
        return __class__

    def name(self):
        return __class__.__name__

    @classmethod
    def cm(cls):
        return __class__

    def sup(self):
        return "A.sup"


class B(A):
    def who(self):
        return (__class__, super().who())

    def sup(self):
        return "B+" + super().sup()


b = B()
print([c.__name__ for c in b.who()])
print(A().name(), b.name())
print(B.cm().__name__)
print(b.sup())


def free():
    return __class__


try:
    free()
except NameError as e:
    print("NameError", e)
