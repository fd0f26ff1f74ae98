class Counter:
    count = 0
    def __init__(self):
        Counter.count += 1
    @classmethod
    def created(cls):
        return f"{cls.__name__}: {cls.count}"
    @classmethod
    def fresh(cls):
        return cls()
    @staticmethod
    def add(a, b):
        return a + b
class Sub(Counter):
    pass
Counter(); Counter()
print(Counter.created(), Sub.created())
s = Sub.fresh()
print(type(s).__name__, Counter.count)
print(Counter.add(2, 3), s.add(4, 5))
print(Counter().created())
f = Counter.add
print(f(1, 1))
print(type(Counter.__dict__["add"]).__name__, type(Counter.__dict__["created"]).__name__)
