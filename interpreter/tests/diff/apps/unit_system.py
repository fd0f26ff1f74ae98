class Quantity:
    UNITS = {"m": ("length", 1.0), "cm": ("length", 0.01), "km": ("length", 1000.0), "in": ("length", 0.0254),
             "s": ("time", 1.0), "min": ("time", 60.0), "h": ("time", 3600.0),
             "g": ("mass", 0.001), "kg": ("mass", 1.0)}
    def __init__(self, value, unit):
        if unit not in self.UNITS:
            raise ValueError(f"unknown unit {unit!r}")
        self.value, self.unit = value, unit
    @property
    def dimension(self):
        return self.UNITS[self.unit][0]
    def to(self, unit):
        dim, factor = self.UNITS[unit]
        if dim != self.dimension:
            raise TypeError(f"cannot convert {self.dimension} to {dim}")
        return Quantity(self.value * self.UNITS[self.unit][1] / factor, unit)
    def __add__(self, other):
        if not isinstance(other, Quantity):
            return NotImplemented
        return Quantity(self.value + other.to(self.unit).value, self.unit)
    __radd__ = __add__
    def __mul__(self, k):
        if isinstance(k, (int, float)):
            return Quantity(self.value * k, self.unit)
        return NotImplemented
    __rmul__ = __mul__
    def __eq__(self, other):
        return isinstance(other, Quantity) and self.dimension == other.dimension and abs(self.to("m" if self.dimension == "length" else self.unit).value - other.to("m" if self.dimension == "length" else self.unit).value) < 1e-9
    def __lt__(self, other):
        return self.value < other.to(self.unit).value
    def __repr__(self):
        return f"{self.value:g} {self.unit}"
a = Quantity(1.5, "km")
b = Quantity(250, "m")
print(a + b, b + a, a.to("m"), Quantity(12, "in").to("cm"), 3 * b, b * 2)
print(Quantity(90, "min").to("h"), Quantity(100, "cm") == Quantity(1, "m"), b < a, sorted([a, b, Quantity(3, "cm")]))
for bad in [lambda: a + Quantity(1, "s"), lambda: Quantity(1, "furlong"), lambda: a + 5, lambda: a * None]:
    try:
        print(bad())
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
print(sum([Quantity(1, "m"), Quantity(50, "cm")], Quantity(0, "m")))
