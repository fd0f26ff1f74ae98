class Shape:
    def area(self):
        raise NotImplementedError("subclass must implement area")
    def describe(self):
        return f"{type(self).__name__} with area {self.area():.2f}"
class Circle(Shape):
    def __init__(self, r):
        self.r = r
    def area(self):
        return 3.14159 * self.r ** 2
class Rect(Shape):
    def __init__(self, w, h):
        self.w, self.h = w, h
    def area(self):
        return self.w * self.h
shapes = [Circle(1), Rect(2, 3), Circle(0.5)]
for s in shapes:
    print(s.describe())
print(sorted(shapes, key=lambda s: s.area())[0].describe())
try:
    Shape().describe()
except NotImplementedError as e:
    print("NotImplementedError:", e)
