# functools: total_ordering (from each root, NotImplemented passed through), cached_property,
# partialmethod
import functools
from functools import total_ordering

@total_ordering
class Version:
    def __init__(self, *parts):
        self.parts = parts

    def __eq__(self, other):
        if not isinstance(other, Version):
            return NotImplemented
        return self.parts == other.parts

    def __lt__(self, other):
        if not isinstance(other, Version):
            return NotImplemented
        return self.parts < other.parts

a, b = Version(1, 2), Version(1, 10)
print(a < b, a <= b, a > b, a >= b, a == Version(1, 2), b >= a, a <= a)
print(sorted([Version(2), Version(1, 5), Version(1)], key=lambda v: v).__len__(), max(a, b).parts)
try:
    a < 3
except TypeError as e:
    print("TypeError", e)

@total_ordering
class Rev:
    def __init__(self, v):
        self.v = v

    def __gt__(self, other):
        return self.v > other.v

print(Rev(1) < Rev(2), Rev(1) >= Rev(2), Rev(2) <= Rev(2))
try:
    @total_ordering
    class Bare:
        pass
except ValueError as e:
    print("ValueError", e)

class Circle:
    def __init__(self, r):
        self.r = r

    @functools.cached_property
    def area(self):
        print("computing")
        return 3 * self.r * self.r

c = Circle(2)
print(c.area, c.area, "area" in c.__dict__)

class Cell:
    def __init__(self):
        self.state = None

    def set_state(self, state):
        self.state = state

    set_on = functools.partialmethod(set_state, True)

cell = Cell()
cell.set_on()
print(cell.state)
