# Messages for non-iterables and non-mappings where CPython has its own words:
# str.join, {**x}, del of items.
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


t(lambda: "".join(5))
t(lambda: ",".join(None))
t(lambda: "-".join(x for x in "ab"))
t(lambda: "-".join(["a", 1]))


def bad_gen():
    yield "a"
    raise TypeError("from the generator")


t(lambda: "-".join(bad_gen()))
t(lambda: {**[1]})
t(lambda: {**{"a": 1}, **{"b": 2}})


class Keys:
    def keys(self):
        return ["k"]

    def __getitem__(self, k):
        return k * 2


t(lambda: {**Keys(), "z": 0})


def f(**kw):
    return kw


t(lambda: f(**Keys()))


def deleter(obj):
    def run():
        del obj[0]

    return run


t(deleter((1, 2)))
t(deleter("ab"))
t(deleter(5))
t(deleter(None))
t(deleter(frozenset([1])))


class Plain:
    pass


t(deleter(Plain()))
t(deleter([1, 2]))
