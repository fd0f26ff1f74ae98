# Assigning obj.__class__ changes the instance's type, as CPython (state machines, proxies).


class Idle:
    name = "idle"

    def step(self):
        self.__class__ = Running
        return "start"


class Running:
    name = "running"

    def step(self):
        self.count = getattr(self, "count", 0) + 1
        if self.count >= 2:
            self.__class__ = Idle
        return "tick"


m = Idle()
for _ in range(5):
    print(m.name, m.step(), type(m).__name__, isinstance(m, Running))
print(m.__class__ is Idle, vars(m))


def fresh():
    class Empty:
        pass

    e = Empty()
    e.__class__ = Running  # in __init__-less code, the first store on the instance
    return e


print(type(fresh()).__name__)


class L1(list):
    def first(self):
        return self[0]


class L2(list):
    def first(self):
        return "L2:" + str(self[0])


x = L1([7, 8])
x.__class__ = L2
print(x.first(), len(x), x)

for bad in (3, int, L1):
    try:
        y = Idle()
        y.__class__ = bad
    except TypeError as e:
        print(type(e).__name__, e)
try:
    object().__class__ = Idle
except TypeError as e:
    print(type(e).__name__, e)
try:
    del m.__class__
except TypeError as e:
    print(type(e).__name__, e)
