class Money:
    def __init__(self, cents):
        self.cents = cents
    def __repr__(self):
        return f"Money({self.cents})"
    def __str__(self):
        return f"${self.cents / 100:.2f}"
m = Money(1234)
print(m)
print(repr(m), str(m))
print([m, Money(5)])
print(f"{m} {m!r} {m!s}")
print("%s %r" % (m, m))
print("{} {!r}".format(m, m))
class OnlyRepr:
    def __repr__(self):
        return "<OnlyRepr>"
print(OnlyRepr(), str(OnlyRepr()))
class Plain:
    pass
print(repr(Plain()).startswith("<__main__.Plain object at "))
print({"k": Money(1)}, (Money(2),))
