# function annotations: evaluated when the def runs, in CPython's order
order = []
def note(x):
    order.append(x)
    return x
def f(a: note("a"), b: note("b") = note("default b"), *args: note("args"), c: note("c"), d=note("default d"), **kw: note("kw")) -> note("return"):
    pass
print(order)
print(list(f.__annotations__.items()))
def bare(x, y=1):
    return x
print(bare.__annotations__)
bare.__annotations__["x"] = int
print(bare.__annotations__)
def ret_only() -> "text":
    pass
print(ret_only.__annotations__)
lam = lambda x: x
print(lam.__annotations__)
def outer():
    T = list
    def inner(v: T) -> T:
        return v
    return inner
print(outer().__annotations__ == {"v": list, "return": list})
class K:
    def m(self, n: int) -> "K":
        return self
print(K.m.__annotations__, K().m.__annotations__ is K.m.__annotations__)
def with_lambda(x: lambda: 5 = 1):
    return x
print(with_lambda.__annotations__["x"](), with_lambda())
try:
    def broken(x: undefined_name):
        pass
except NameError as e:
    print("NameError:", e)
def posonly(a: int, /, b: str):
    pass
print(list(posonly.__annotations__))
