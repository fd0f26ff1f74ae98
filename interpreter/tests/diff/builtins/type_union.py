def f(x: int | None = None) -> list[int] | None:
    return x
print(f(3), f.__annotations__)
U = int | str
print(U, type(U).__name__, U.__args__)
print(int | None, None | int, int | str | None, (int | str) | (float | int))
print(int | int, int | str == str | int, hash(int | str) == hash(str | int))
print(isinstance(1, int | str), isinstance(1.5, int | str), isinstance(None, int | None))
print(issubclass(bool, int | str), issubclass(float, str | None))
print(list[int] | dict[str, int])
class A: pass
print(A | None)
for bad in (lambda: int | 1, lambda: 1 | int, lambda: int | "str"):
    try:
        print(bad())
    except TypeError as e:
        print(type(e).__name__, e)
print(isinstance(3, (int | str, float)))
