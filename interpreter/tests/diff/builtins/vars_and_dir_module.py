class P:
    def __init__(self):
        self.a = 1
        self.b = 2
print(vars(P()))
import math
print("pi" in vars(math))
print(sorted(x for x in dir() if not x.startswith("_")))
try:
    vars(5)
except TypeError as e:
    print("TypeError:", e)
