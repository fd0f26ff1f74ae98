class O:
    pass
o = O()
setattr(o, "a", 1)
setattr(o, "with space", 2)
print(o.a, getattr(o, "with space"))
s = slice(2)
print(s, [0, 1, 2, 3][s], slice(1, 5, 2), slice(None, None, -1))
print(str(123), str(-0.5), str("x"), str([None]), str(), str(b"ab", "utf-8"), str(object).startswith("<class"))
