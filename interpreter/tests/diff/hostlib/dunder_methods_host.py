# divmod() honours __divmod__ / __rdivmod__; int and float expose them; list, dict and set
# expose their in-place and reversed special methods as attributes.
print((7).__divmod__(2), (7).__rdivmod__(2), (7.5).__divmod__(2), (7.5).__rdivmod__(2))
print((7).__divmod__(2.0), (2.5).__rdivmod__(7), divmod(7, 2.5), divmod(-7, 2))


class DivM:
    def __divmod__(self, o):
        return ("divmod", o)

    def __rdivmod__(self, o):
        return ("rdivmod", o)


print(divmod(DivM(), 3), divmod(3, DivM()))


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __divmod__(self, n):
        q, r = divmod(self.cents, n)
        return Money(q), Money(r)

    def __repr__(self):
        return "Money(%d)" % self.cents


print(divmod(Money(1001), 4))
a = [1]
print(list.__iadd__(a, [2]), a, list.__imul__([0], 3))
print(dict.__or__({1: 2}, {3: 4}), dict.__ior__({1: 2}, {3: 4}), {1: 2}.__ror__({3: 4}))
print(set.__or__({1}, {2}), set.__ior__({1}, {2}), set.__iand__({1, 2}, {2}), set.__isub__({1, 2}, {1}), set.__ixor__({1, 2}, {2, 3}))
print(list(list.__reversed__([1, 2, 3])), list(dict.__reversed__({1: 2, 3: 4})), list([5, 6].__reversed__()))


class ML(list):
    def __iadd__(self, o):
        print("ML.__iadd__", o)
        return super().__iadd__(o)


m = ML([1])
alias = m
m += [2]
print(m, type(m).__name__, m is alias, list(reversed(ML([1, 2]))))
s = {1}
t = s
s |= {2}
print(s is t, s)


class R:
    def __reversed__(self):
        return iter("cba")

    def __len__(self):
        return 3

    def __getitem__(self, i):
        return "abc"[i]


print(list(reversed(R())))
