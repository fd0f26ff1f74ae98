def deco(name):
    print("make", name)
    def d(f):
        print("apply", name)
        def w():
            print("enter", name)
            r = f()
            print("leave", name)
            return r
        return w
    return d
@deco("outer")
@deco("inner")
def target():
    print("target body")
    return 42
print(target())
def class_deco(cls):
    cls.added = "by decorator"
    return cls
@class_deco
class K:
    pass
print(K.added)
@(lambda f: f)
def ident():
    return "ident"
print(ident())
