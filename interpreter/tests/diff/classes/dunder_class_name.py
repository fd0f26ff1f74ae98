class Foo:
    pass
f = Foo()
print(f.__class__.__name__, Foo.__qualname__, Foo.__module__)
print(type(Foo).__name__, type(type).__name__)
print(type(f) == Foo, type(Foo) is type)
Bar = type("Bar", (Foo,), {"x": 5, "hello": lambda self: "hi"})
b = Bar()
print(b.x, b.hello(), isinstance(b, Foo), Bar.__name__)
print(object.__name__, int.__name__, type(None).__name__)
print(Foo.__bases__, object.__bases__)
