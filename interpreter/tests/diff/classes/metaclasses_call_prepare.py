# Custom metaclasses, continued: __call__, __prepare__, derivation, conflicts.
# A metaclass without __new__/__init__, with __call__ making a singleton.
class Single(type):
    _inst = {}

    def __call__(cls, *a):
        if cls not in Single._inst:
            Single._inst[cls] = super().__call__(*a)
        return Single._inst[cls]

class Config(metaclass=Single):
    def __init__(self, n=0):
        self.n = n

a = Config(1)
b = Config(2)
print(a is b, a.n, type(Config).__name__)

# __prepare__ and keywords reaching __new__ / __init__.
class Prep(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        print("__prepare__", name, kw)
        return {"prepared": True}

    def __new__(mcls, name, bases, ns, **kw):
        return super().__new__(mcls, name, bases, ns)

    def __init__(cls, name, bases, ns, **kw):
        super().__init__(name, bases, ns)

class P(metaclass=Prep, opt="x"):
    q = 1

print(P.prepared, P.q)

# The metaclass is inherited, and the most derived one wins.
class Meta(type):
    def __new__(mcls, name, bases, ns, **kw):
        cls = super().__new__(mcls, name, bases, ns)
        cls.created_by = mcls.__name__
        return cls

class Base(metaclass=Meta):
    pass

class Sub(Meta):
    pass

class Q(Base, metaclass=Sub):
    pass

print(type(Q).__name__, Q.created_by)

class Other(type):
    pass

try:
    class Bad(Base, metaclass=Other):
        pass
except TypeError as e:
    print("TypeError:", e)

# A function as "metaclass".
def make(name, bases, ns):
    ns["tag"] = "fn"
    return type(name, bases, ns)

class F(metaclass=make):
    pass

print(F.tag, type(F).__name__)
