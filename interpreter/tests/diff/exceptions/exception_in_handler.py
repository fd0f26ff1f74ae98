try:
    try:
        1 / 0
    except ZeroDivisionError:
        [][1]
except IndexError as e:
    print("IndexError in handler:", e, "| context:", type(e.__context__).__name__)
try:
    try:
        raise ValueError("a")
    finally:
        print("finally runs even though handler missing")
except ValueError as e:
    print("outer", e)
def cleanup_raises():
    try:
        raise KeyError("original")
    finally:
        raise RuntimeError("from finally")
try:
    cleanup_raises()
except RuntimeError as e:
    print("RuntimeError", e, "context:", repr(e.__context__))
try:
    try:
        raise TypeError("t")
    except ValueError:
        print("not here")
except TypeError:
    print("unmatched handler passes it up")
