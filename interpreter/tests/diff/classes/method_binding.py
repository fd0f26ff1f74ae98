class C:
    def __init__(self, v):
        self.v = v
    def get(self):
        return self.v
c = C(5)
m = c.get
print(m(), m.__self__ is c, m.__func__ is C.get)
print(C.get(c))
def external(self):
    return self.v * 2
C.ext = external
print(c.ext())
c.inst_func = lambda: "not bound"
print(c.inst_func())
ms = [C(i).get for i in range(3)]
print([f() for f in ms])
print(c.get == c.get, c.get is c.get)
class D:
    def __call__(self):
        return "called"
print(D()())
