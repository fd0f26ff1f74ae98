import _shapes
print(_shapes.VERSION, _shapes.Circle(2).area(), _shapes._square.area(5))
from _shapes._circle import Circle
print(Circle is _shapes.Circle)
from _shapes import _square as sq
print(sq.area(3))
import _shapes._square
print(_shapes._square.area(1))
