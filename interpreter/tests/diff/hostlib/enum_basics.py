# enum (host-only stdlib): Enum, IntEnum, StrEnum, auto, unique.
from enum import Enum, IntEnum, auto, unique


class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3

    def describe(self):
        return "%s is %d" % (self.name.lower(), self.value)

    @classmethod
    def default(cls):
        return cls.GREEN


print(Color.RED, repr(Color.RED), Color.RED.name, Color.RED.value)
print(list(Color), len(Color), Color(2), Color["BLUE"], Color(Color.RED))
print(Color.RED is Color(1), Color.RED == Color.RED, Color.RED == 1, Color.RED != Color.BLUE)
print(Color.RED.describe(), Color.default(), type(Color.RED).__name__, repr(Color))
print(isinstance(Color.RED, Color), isinstance(Color.RED, Enum), Color.RED in Color)
print([c.name for c in list(Color)[::-1]], list(Color.__members__))
print({Color.RED: "stop", Color.GREEN: "go"}[Color.GREEN], "%s" % Color.BLUE, f"{Color.RED}")
try:
    Color(7)
except ValueError as e:
    print("ValueError", e)
try:
    Color["PURPLE"]
except KeyError as e:
    print("KeyError", e)


class Shape(Enum):
    SQUARE = 2
    DIAMOND = 1
    CIRCLE = 3
    ALIAS_FOR_SQUARE = 2


print(list(Shape), Shape.ALIAS_FOR_SQUARE, Shape(2), Shape["ALIAS_FOR_SQUARE"] is Shape.SQUARE)
print(list(Shape.__members__))
try:
    unique(Shape)
except ValueError as e:
    print("ValueError", e)


@unique
class Weekday(Enum):
    MON = auto()
    TUE = auto()
    WED = auto()


print(list(Weekday), Weekday.WED.value)


class Priority(IntEnum):
    LOW = 1
    MID = 5
    HIGH = 10


print(Priority.MID, repr(Priority.MID), Priority.MID == 5, Priority.HIGH > Priority.LOW)
print(Priority.LOW + 1, sorted([Priority.HIGH, Priority.LOW]), Priority(10), int(Priority.MID))
print({1: "one"}[Priority.LOW], f"{Priority.HIGH}", "%d" % Priority.MID, max(Priority))


class Planet(Enum):
    MERCURY = (3.303e23, 2.4397e6)
    EARTH = (5.976e24, 6.37814e6)

    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius

    @property
    def density_ish(self):
        return self.mass / self.radius


print(Planet.EARTH.mass, Planet.EARTH.value, round(Planet.MERCURY.density_ish))


class Mixed(Enum):
    A = 5
    B = auto()
    C = 10
    D = auto()


print([(m.name, m.value) for m in Mixed])

Animal = Enum("Animal", "ANT BEE CAT")
print(list(Animal), Animal.BEE.value, Animal(3))


class Status(Enum):
    OK = 0
    ERR = 1

    @classmethod
    def _missing_(cls, value):
        return cls.ERR


print(Status(0), Status(99))
