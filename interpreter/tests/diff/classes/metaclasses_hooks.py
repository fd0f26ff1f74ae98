# Class creation hooks and a metaclass's special methods applied to its classes.
# Registry via __init_subclass__ and __class_getitem__.
registry = []

class Plugin:
    def __init_subclass__(cls, name=None, **kw):
        super().__init_subclass__(**kw)
        registry.append((cls.__name__, name))

class A(Plugin, name="a"):
    pass

class B(Plugin):
    pass

print(registry)
try:
    class C(object, unknown=1):
        pass
except TypeError as e:
    print("TypeError:", e)

class Box:
    def __class_getitem__(cls, item):
        return f"{cls.__name__}[{item.__name__}]"

print(Box[int], Box[str])

# Special methods of the metaclass apply to the class.
class Enumish(type):
    def __iter__(cls):
        return iter(sorted(k for k in cls.__dict__ if not k.startswith("_")))

    def __len__(cls):
        return len([k for k in cls.__dict__ if not k.startswith("_")])

    def __contains__(cls, k):
        return k in cls.__dict__

    def __getitem__(cls, k):
        return cls.__dict__[k]

    def __repr__(cls):
        return f"<enum {cls.__name__}>"

class Color(metaclass=Enumish):
    RED = 1
    GREEN = 2

print(list(Color), len(Color), "RED" in Color, Color["GREEN"], repr(Color), str(Color))
print(Color, [Color])

# Attributes set on a class, and on its metaclass.
class Meta(type):
    pass

class Base(metaclass=Meta):
    pass

class Child(Base):
    pass

Meta.added = "m"
print(Base.added, hasattr(Base, "added"), getattr(Child, "nope", "default"))
Base.new_attr = 7
print(Child.new_attr, "new_attr" in Base.__dict__)
