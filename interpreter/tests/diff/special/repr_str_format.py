class P:
    def __init__(self, x):
        self.x = x
    def __repr__(self):
        return f"P(x={self.x!r})"
    def __str__(self):
        return f"point {self.x}"
    def __format__(self, spec):
        if spec == "short":
            return f"p{self.x}"
        return format(str(self), spec)
p = P("a")
print(p, repr(p), str(p), [p])
print(f"{p:short} {p:>12}|{p!r}")
print(format(p, "short"), "{:^14}".format(p))
class NoStr:
    def __repr__(self):
        return "NoStr!"
print(str(NoStr()), f"{NoStr()}")
print(repr("quote's"), repr('dq"'), repr("both'\""), repr("\n\t\\"))
