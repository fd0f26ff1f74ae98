# e.__traceback__ after a raise: a chain of traceback objects, outermost frame first, with
# tb_lineno, tb_next and tb_frame (f_code.co_name); None before any raise.
def inner():
    raise ValueError("deep")


def middle():
    inner()


def walk(tb):
    out = []
    while tb is not None:
        out.append((tb.tb_frame.f_code.co_name, tb.tb_lineno))
        tb = tb.tb_next
    return out


try:
    middle()
except ValueError as e:
    print(type(e.__traceback__).__name__, walk(e.__traceback__))

try:
    raise KeyError("k")
except KeyError as e:
    print(walk(e.__traceback__), e.__traceback__.tb_next)


def reraise():
    try:
        1 / 0
    except ZeroDivisionError:
        raise


try:
    reraise()
except ZeroDivisionError as e:
    print(walk(e.__traceback__))


def catch_inside():
    try:
        inner()
    except ValueError as e:
        return walk(e.__traceback__)


print(catch_inside())
print(ValueError("never raised").__traceback__)
e = RuntimeError("x")
try:
    raise e
except RuntimeError:
    pass
print(e.__traceback__ is not None, e.with_traceback(None).__traceback__)
try:
    raise OSError(2, "gone")
except OSError as err:
    err.__traceback__ = None
    print(err.__traceback__)
tb_line = None
try:
    [1][5]
except IndexError as ex:
    tb_line = ex.__traceback__.tb_lineno
print(tb_line)


class Ctx:
    def __enter__(self):
        return self

    def __exit__(self, t, v, tb):
        print("exit", t.__name__ if t else None, tb is not None, tb and tb.tb_lineno)
        return True


with Ctx():
    pass
with Ctx():
    {}["missing"]
