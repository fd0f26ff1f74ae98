# A data descriptor (__get__ with __set__) on the class wins over the instance dict;
# a non-data descriptor (only __get__) loses to it.
class Scaled:
    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return obj.__dict__.get(self.name, 0) * 10

    def __set__(self, obj, value):
        obj.__dict__[self.name] = value


class NonData:
    def __get__(self, obj, owner=None):
        return "from descriptor"


class H:
    f = Scaled()
    g = NonData()


h = H()
h.f = 4
print(h.f, h.__dict__, H.f.name)
h.__dict__["f"] = 7
print(h.f)
print(h.g)
h.__dict__["g"] = "from instance"
print(h.g)
h.g = "assigned"
print(h.g, sorted(h.__dict__))


class Typed:
    def __init__(self, kind):
        self.kind = kind

    def __set_name__(self, owner, name):
        self.key = "_" + name

    def __get__(self, obj, owner=None):
        return getattr(obj, self.key)

    def __set__(self, obj, value):
        if not isinstance(value, self.kind):
            raise TypeError("%s must be %s" % (self.key[1:], self.kind.__name__))
        setattr(obj, self.key, value)


class Person:
    name = Typed(str)
    age = Typed(int)

    def __init__(self, name, age):
        self.name = name
        self.age = age


p = Person("Ann", 30)
print(p.name, p.age, sorted(vars(p)))
try:
    p.age = "old"
except TypeError as e:
    print("TypeError:", e)
vars(p)["age"] = 99
print(p.age)
