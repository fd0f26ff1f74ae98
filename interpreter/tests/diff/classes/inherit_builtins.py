class MyList(list):
    def sum(self):
        return sum(self)
ml = MyList([1, 2, 3])
ml.append(4)
print(ml, ml.sum(), len(ml), isinstance(ml, list), type(ml).__name__)
class MyDict(dict):
    def __missing__(self, key):
        return f"<{key}>"
md = MyDict(a=1)
print(md["a"], md["zz"], "zz" in md)
class Upper(str):
    def shout(self):
        return self.upper() + "!"
u = Upper("hey")
print(u.shout(), u + "x", len(u))
class PosInt(int):
    def __new__(cls, v):
        return super().__new__(cls, abs(v))
print(PosInt(-5), PosInt(-5) + 1, type(PosInt(3)).__name__)
class MyErr(Exception):
    pass
print(issubclass(MyErr, BaseException))
