def f(a, b=2, *args, c=3, **kw):
    "doc of f"
    x = 1
    return x
print(f.__name__, f.__doc__)
print(f.__defaults__, f.__kwdefaults__)
print(f.__code__.co_argcount, f.__code__.co_kwonlyargcount)
print(f.__qualname__)
class C:
    def m(self):
        pass
    class Inner:
        def n(self):
            pass
print(C.m.__qualname__, C.Inner.n.__qualname__)
def outer():
    def inner():
        pass
    return inner
print(outer().__qualname__)
print(f.__module__)
