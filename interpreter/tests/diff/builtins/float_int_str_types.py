print(float(), float(3), float("3.25"), float(" 1e-3 "), float("-inf"), float(True))
print(int(), int(3.9), int("12"), int("-0b101", 0), int(b"42") if False else int("42"), int(" -7 "))
print(str(), str(1), str(1.0), str([1]), str(b"x"), str("s"))
print(type(1), type(1.0), type("s"), type([]), type(()), type({}), type(set()), type(None), type(True))
print(type(len), type(print).__name__, type(lambda: 0).__name__, type(range(1)).__name__)
print(isinstance(1, (str, int)), isinstance(True, int), isinstance(1, float), isinstance([], (list, tuple)))
print(issubclass(bool, int), issubclass(int, object), issubclass(list, (str, list)))
try:
    isinstance(1, 5)
except TypeError as e:
    print("TypeError:", e)
