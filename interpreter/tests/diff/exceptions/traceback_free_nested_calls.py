def level3(x):
    return 10 / x
def level2(x):
    return level3(x - 1)
def level1(x):
    try:
        return level2(x)
    except ZeroDivisionError as e:
        raise ValueError(f"bad input {x}") from e
for v in [3, 1]:
    try:
        print(level1(v))
    except ValueError as e:
        print("ValueError:", e, "caused by", type(e.__cause__).__name__, e.__cause__)
print(e.__traceback__ is not None if False else "traceback attr not compared")
