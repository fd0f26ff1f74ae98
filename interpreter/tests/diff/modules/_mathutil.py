print("_mathutil loading, __name__ =", __name__)
PI_ISH = 3.14
_private = "hidden"
__all__ = ["square", "PI_ISH"]
def square(x):
    return x * x
def cube(x):
    return x * x * x
counter = 0
def bump():
    global counter
    counter += 1
    return counter
