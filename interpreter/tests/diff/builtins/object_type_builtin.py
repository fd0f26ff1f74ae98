o = object()
print(type(o).__name__, isinstance(o, object), str(o).startswith("<object object at"))
try:
    o.x = 1
except AttributeError as e:
    print("AttributeError:", e)
print(type(5) is int, type(type) is type, type(object) is type)
T = type("T", (), {"v": 1, "get": lambda self: self.v})
print(T().get(), T.__name__, T.__bases__)
print(isinstance(int, type), isinstance(T, type), issubclass(T, object))
print(object.__name__, len(dir(object)) > 10)
