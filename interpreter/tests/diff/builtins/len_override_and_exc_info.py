# len() of subclasses of builtin containers calls their own __len__ when they define one;
# sys.exc_info() gives the traceback of the exception being handled.
import sys


class Sized(list):
    def __len__(self):
        return 42


class Plain(list):
    pass


class Counted(dict):
    def __len__(self):
        return super().__len__() * 10


class Word(str):
    def __len__(self):
        return 1


print(len(Sized([1, 2])), len(Plain([1, 2, 3])), len(Counted(a=1, b=2)), len(Word("hello")))
print(bool(Sized()), bool(Plain()))


class Negative(tuple):
    def __len__(self):
        return -1


try:
    len(Negative())
except ValueError as e:
    print(type(e).__name__, e)


def fail():
    return 1 / 0


try:
    fail()
except ZeroDivisionError:
    kind, value, tb = sys.exc_info()
    print(kind.__name__, value, type(tb).__name__)
    lines = []
    while tb is not None:
        lines.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    print(lines)
print(sys.exc_info())
