def nothing():
    pass
class Empty:
    pass
print(nothing())
print(Empty.__name__)
for _ in range(3):
    pass
if True:
    pass
print(...)
print(Ellipsis is ...)
def stub():
    ...
print(stub())
x = [1, ...]
print(x)
print(type(...).__name__)
