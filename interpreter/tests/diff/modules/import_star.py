from _mathutil import *
print(square(4), PI_ISH)
try:
    cube(2)
except NameError as e:
    print("NameError:", e)
try:
    print(_private)
except NameError:
    print("private not imported")
