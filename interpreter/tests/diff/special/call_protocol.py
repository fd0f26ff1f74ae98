class Adder:
    def __init__(self, n):
        self.n = n
    def __call__(self, x, *more, scale=1):
        return (self.n + x + sum(more)) * scale
add5 = Adder(5)
print(add5(1), add5(1, 2, 3), add5(1, scale=10), callable(add5))
print(list(map(Adder(100), [1, 2])))
class Factory:
    def __call__(self):
        return Factory
print(Factory()().__name__)
try:
    n = 5
    n()
except TypeError as e:
    print("TypeError:", e)
try:
    s = "str"
    s()
except TypeError as e:
    print("TypeError:", e)
