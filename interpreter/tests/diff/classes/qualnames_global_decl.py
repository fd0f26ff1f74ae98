# A def or class bound by a `global` declaration of its enclosing scope is qualified as at
# module level (CPython's compiler_set_qualname); its own nested names build on that.
def make():
    global Made, made_fn

    class Made:
        def method(self):
            def inner():
                pass
            return inner

    def made_fn():
        return lambda: 0

    class Local:
        pass

    return Local


Local = make()
print(Made.__qualname__, Made.method.__qualname__, Made().method().__qualname__)
print(made_fn.__qualname__, made_fn().__qualname__)
print(Local.__qualname__, repr(Made)[:14], Made.__name__)


class Outer:
    global in_class

    def in_class():
        pass

    def regular(self):
        pass


print(in_class.__qualname__, Outer.regular.__qualname__)
