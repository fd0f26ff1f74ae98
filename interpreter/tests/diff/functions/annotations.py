def f(a: int, b: "str" = "x", *args: int, c: float = 1.0, **kw: dict) -> list:
    return [a, b, args, c, kw]
print(f(1, "y", 2, c=2.0, z=1))
print(sorted(f.__annotations__))
x: int = 5
y: list
print(x)
class P:
    name: str = "default"
    age: int
print(P.name, "age" in P.__dict__)
def g() -> None:
    pass
print(g())
