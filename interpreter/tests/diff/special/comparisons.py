class Version:
    def __init__(self, s):
        self.parts = tuple(int(p) for p in s.split("."))
    def __eq__(self, o):
        return self.parts == o.parts
    def __lt__(self, o):
        return self.parts < o.parts
    def __le__(self, o):
        return self.parts <= o.parts
    def __gt__(self, o):
        return self.parts > o.parts
    def __ge__(self, o):
        return self.parts >= o.parts
    def __repr__(self):
        return ".".join(map(str, self.parts))
vs = [Version(s) for s in ["1.10", "1.2", "1.2.1", "0.9"]]
print(sorted(vs), max(vs), min(vs))
a, b = Version("1.0"), Version("1.0.1")
print(a < b, a <= b, a > b, a >= b, a == b, a != b)
class OnlyLt:
    def __init__(self, v):
        self.v = v
    def __lt__(self, o):
        print(f"lt({self.v},{o.v})")
        return self.v < o.v
x, y = OnlyLt(1), OnlyLt(2)
print(y > x)
try:
    x <= y
except TypeError as e:
    print("TypeError:", e)
try:
    Version("1") < 5
except AttributeError as e:
    print("AttributeError")
class NI:
    def __eq__(self, o):
        return NotImplemented
print(NI() == NI(), NI() != 3)
