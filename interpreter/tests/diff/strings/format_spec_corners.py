# Format mini-language corners: zero-padded strs, '#' with no digits, 'z', 'n' for
# floats, spec errors, __format__ results and object.__format__.
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


t(lambda: "{:05}".format("ab"))
t(lambda: "{:x<5}|{:0>5}".format("ab", "cd"))
t(lambda: "{:#.0f} {:#.0e} {:#.0%}".format(3.0, 3.0, 0.5))
t(lambda: "{:z.1f} {:z.2f} {:z.1f} {:+z.1f}".format(-0.0, -0.001, -1.5, -0.04))
t(lambda: "{:n} {:n} {:.3n}".format(1.5, 1234567.0, 2.71828))
t(lambda: "{:abc}".format(1))
t(lambda: "{:,s}".format("a"))
t(lambda: "{:_}".format("a"))
t(lambda: "{:=10}".format("ab"))
t(lambda: "{:+}".format("ab"))
t(lambda: "{:>5}".format(None))
t(lambda: format([1, 2], "^9"))
t(lambda: format((1,), ""))
t(lambda: "{:.2f}".format(10 ** 400))
t(lambda: "{:.2f} {:e}".format(10 ** 20, 10 ** 20))


class Good:
    def __format__(self, spec):
        return "Good<" + spec + ">"


class Bad:
    def __format__(self, spec):
        return 5


class Plain:
    pass


t(lambda: format(Good(), "xyz"))
t(lambda: f"{Good():>3}")
t(lambda: format(Bad()))
t(lambda: f"{Bad()}")
t(lambda: format(Plain(), "x"))
t(lambda: format(Plain(), "").startswith("<__main__.Plain object"))
w, p = 9, 3
t(lambda: f"{3.14159:{w}.{p}f}|{'x'!r:>{w}}|")
