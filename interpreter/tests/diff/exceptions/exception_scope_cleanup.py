try:
    raise ValueError("v")
except ValueError as err:
    print("inside", err)
try:
    print(err)
except NameError:
    print("err is deleted after the except block")
e = "preexisting"
try:
    1 / 0
except ZeroDivisionError as e:
    pass
try:
    print(e)
except NameError:
    print("even preexisting name is deleted")
def f():
    try:
        raise KeyError("k")
    except KeyError as exc:
        return exc
print(repr(f()))
