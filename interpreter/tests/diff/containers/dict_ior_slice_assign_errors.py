# d |= <pairs> takes what dict.update takes; slice assignment of a non-iterable; sorted()
# argument errors.
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


def ior(other):
    d = {1: 2}
    d |= other
    return d


t(lambda: ior([(3, 4)]))
t(lambda: ior({5: 6}))
t(lambda: ior(zip("ab", "cd")))
t(lambda: ior(5))
t(lambda: ior([1]))
t(lambda: {1: 2} | [(3, 4)])


def assign(idx, v):
    a = list(range(6))
    a[idx] = v
    return a


t(lambda: assign(slice(None, None, 2), 5))
t(lambda: assign(slice(1, 3), 5))
t(lambda: assign(slice(1, 3, 1), None))
t(lambda: assign(slice(None, None, 2), [0, 0]))
t(lambda: assign(slice(None, None, 2), "xyz"))
t(lambda: assign(slice(1, 3), (x for x in "ab")))
t(lambda: sorted([3, 1], lambda x: x))
t(lambda: sorted())
t(lambda: sorted([3, 1, 2], reverse=1))
t(lambda: sorted([3, 1, 2], reverse=None))
t(lambda: [3, 1, 2].sort(reverse=0))
