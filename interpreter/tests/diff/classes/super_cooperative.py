class Base:
    def __init__(self, **kw):
        print("Base init, leftover", sorted(kw))
class Named(Base):
    def __init__(self, name, **kw):
        print("Named init", name)
        self.name = name
        super().__init__(**kw)
class Aged(Base):
    def __init__(self, age, **kw):
        print("Aged init", age)
        self.age = age
        super().__init__(**kw)
class Person(Named, Aged):
    def __init__(self, **kw):
        print("Person init")
        super().__init__(**kw)
p = Person(name="ann", age=30, extra=1)
print(p.name, p.age)
class Explicit(Named):
    def __init__(self):
        super(Explicit, self).__init__("explicit")
Explicit()
class S:
    @classmethod
    def make(cls):
        return cls.__name__
class T(S):
    @classmethod
    def make(cls):
        return "T via " + super().make()
print(T.make())
