class A:
    x = 1
    y = [x * i for i in range(3)] if False else None
    z = x + 1
    def f(self):
        return A.x
print(A.z, A().f())
class Counter:
    n = 0
    def inc(self):
        self.n += 1
        return self.n
c = Counter()
c.inc(); c.inc()
print(c.n, Counter.n)
class Outer:
    class Inner:
        v = "inner"
    def get(self):
        return self.Inner.v
print(Outer().get(), Outer.Inner.__name__)
