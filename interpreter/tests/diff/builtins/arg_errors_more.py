# Error messages of common builtin misuse: attribute names that are not strs, divmod of a
# float by zero, one-argument builtins given the wrong count.
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)


class P:
    pass


t(lambda: setattr(P(), 1, 2))
t(lambda: getattr(P(), 2))
t(lambda: getattr(P(), None, "default"))
t(lambda: hasattr(P(), 3.5))
t(lambda: delattr(P(), b"x"))
t(lambda: divmod(7.0, 0))
t(lambda: divmod(7, 0.0))
t(lambda: divmod(-7.5, 2))
t(lambda: divmod(7, 0))
t(lambda: divmod(True, False))
t(lambda: len())
t(lambda: len([], []))
t(lambda: abs())
t(lambda: chr())
t(lambda: ord("a", "b"))
t(lambda: callable())
t(lambda: repr(1, 2))
