# property docstrings: doc=, else the getter's
class A:
    def get_x(self):
        "getter doc"
        return 1
    def set_x(self, v):
        pass
    x = property(get_x, set_x, None, "explicit doc")
    y = property(get_x)
    z = property(get_x, doc="kw doc")
    w = property()
    @property
    def p(self):
        "p's doc"
        return 2
    @p.setter
    def p(self, v):
        pass
    @property
    def nodoc(self):
        return 3
print(A.x.__doc__, A.y.__doc__, A.z.__doc__, A.w.__doc__, A.p.__doc__, A.nodoc.__doc__)
print(A().x, A().y, A().z, A().p, A().nodoc)
print(A.x.fget is A.get_x, A.x.fset is A.set_x, A.x.fdel)
q = A.z.setter(A.set_x)
print(q.__doc__, q.fset is A.set_x, q.fget is A.get_x)
try:
    A().w
except AttributeError as e:
    print("AttributeError")
