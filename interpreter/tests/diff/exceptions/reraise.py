def f():
    try:
        raise ValueError("original")
    except ValueError:
        print("handling, then re-raising")
        raise
try:
    f()
except ValueError as e:
    print("outer got", e)
def g():
    try:
        raise KeyError("k")
    except KeyError as e:
        err = e
    raise err
try:
    g()
except KeyError as e:
    print("re-raised stored", repr(e))
try:
    try:
        raise TypeError("first")
    except TypeError as e:
        raise e
except TypeError as e:
    print("raise e:", e)
def h():
    try:
        raise IndexError("x")
    finally:
        print("finally before propagating")
try:
    h()
except IndexError:
    print("caught after finally")
try:
    raise ValueError
except ValueError as e:
    print("class raised:", repr(e), e.args)
