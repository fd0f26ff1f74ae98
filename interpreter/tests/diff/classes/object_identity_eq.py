class P:
    def __init__(self, v):
        self.v = v
a, b = P(1), P(1)
print(a == b, a != b, a is b, a == a)
class Q:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        return isinstance(other, Q) and self.v == other.v
print(Q(1) == Q(1), Q(1) != Q(2), Q(1) == 1)
print(hasattr(Q, "__hash__"), Q.__hash__ is None)
try:
    {Q(1)}
except TypeError as e:
    print("TypeError:", e)
print(hash(P(1)) is not None)
