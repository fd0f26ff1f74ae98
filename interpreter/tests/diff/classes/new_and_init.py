class Singleton:
    _inst = None
    def __new__(cls):
        if cls._inst is None:
            print("creating")
            cls._inst = super().__new__(cls)
        return cls._inst
    def __init__(self):
        print("init")
a = Singleton()
b = Singleton()
print(a is b)
class Pair(tuple):
    def __new__(cls, a, b):
        return super().__new__(cls, (a, b))
    @property
    def first(self):
        return self[0]
p = Pair(1, 2)
print(p, p.first, len(p))
class NotSelf:
    def __new__(cls):
        return 42
    def __init__(self):
        print("never")
print(NotSelf())
