# Method calls: bound methods, inheritance, super(), properties, class and static methods.
N = 540000

class Counter:
    def __init__(self):
        self.n = 0

    def inc(self):
        self.n += 1
        return self

    def add(self, k):
        self.n += k
        return self.n

    @property
    def value(self):
        return self.n

    @staticmethod
    def clamp(x):
        return x if x < 1000 else x % 1000

    @classmethod
    def make(cls):
        return cls()

class Scaled(Counter):
    def __init__(self, factor):
        super().__init__()
        self.factor = factor

    def add(self, k):
        return super().add(k * self.factor)

class Vec:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)

    def dot(self, o):
        return self.x * o.x + self.y * o.y

    def scaled(self, k):
        return Vec(self.x * k, self.y * k)

def run():
    c = Counter.make()
    s = Scaled(3)
    v = Vec(0, 0)
    step = Vec(1, 2)
    acc = 0
    for i in range(N):
        c.inc().inc()
        acc += c.add(i & 7)
        acc += s.add(1)
        acc += Counter.clamp(i)
        v = v + step.scaled(1)
        acc += v.dot(step) & 255
        acc += c.value & 1
    return acc, c.value, s.value, v.x, v.y

print("method_calls", run())
