def square(x):
    return x * x
def apply(f, xs):
    return [f(x) for x in xs]
print(apply(square, [1, 2, 3]))
print(apply(str, [1, 2]))
ops = {"add": lambda a, b: a + b, "mul": lambda a, b: a * b}
print(ops["add"](2, 3), ops["mul"](2, 3))
print(square.__name__, (lambda: 0).__name__)
funcs = [square, abs, len]
print([f.__name__ for f in funcs])
def compose(*fs):
    def run(x):
        for f in reversed(fs):
            x = f(x)
        return x
    return run
inc = lambda x: x + 1
print(compose(square, inc)(3), compose(inc, square)(3))
print(callable(square), callable(5), callable(int))
square.custom_attr = "attached"
print(square.custom_attr)
def doc():
    """This is a docstring."""
print(doc.__doc__)
