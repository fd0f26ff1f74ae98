def chain():
    try:
        try:
            raise KeyError("a")
        except KeyError:
            raise ValueError("b")
    except ValueError:
        raise TypeError("c")
try:
    chain()
except TypeError as e:
    ctx = []
    cur = e
    while cur is not None:
        ctx.append(f"{type(cur).__name__}({cur})")
        cur = cur.__context__
    print(" <- ".join(ctx))
try:
    try:
        raise OSError("disk")
    except OSError as e:
        raise RuntimeError("wrapped") from e
except RuntimeError as e:
    print(repr(e.__cause__), e.__context__ is e.__cause__, e.__suppress_context__)
def handler_clears():
    try:
        raise IndexError("i")
    except IndexError:
        pass
    try:
        raise KeyError("k")
    except KeyError as e:
        return e.__context__
print(handler_clears())
e = ValueError("manual")
e.__cause__ = KeyError("set by hand")
print(repr(e.__cause__), e.__suppress_context__)
