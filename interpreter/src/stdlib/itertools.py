"""itertools: iterator building blocks, as CPython's.

Each tool is a generator, made the first time a program names it (a `_make_NAME` function,
through the module's `__getattr__`, as in collections), so an import builds one small function
per tool (the code stays in flash). Where CPython checks its arguments when the iterator is
made (not when it is first advanced), the public function checks them and returns an inner
generator.
"""

__all__ = ["count", "cycle", "repeat", "accumulate", "chain", "compress", "dropwhile",
           "takewhile", "filterfalse", "starmap", "islice", "tee", "zip_longest", "pairwise",
           "groupby", "product", "permutations", "combinations", "combinations_with_replacement"]


def __getattr__(name):
    # the maker goes once used: its code, built on the heap when it ran, is then garbage
    f = globals().pop("_make_" + name, None)
    if f is None:
        raise AttributeError("module 'itertools' has no attribute %r" % name)
    tool = f()
    tool.__qualname__ = name
    globals()[name] = tool
    return tool


def _make_count():
    def count(start=0, step=1):
        for v in (start, step):
            if not (isinstance(v, (int, float)) or hasattr(v, "__index__") or hasattr(v, "__float__")
                    or hasattr(v, "__complex__")):
                raise TypeError("a number is required")
        return _count(start, step)

    def _count(n, step):
        while True:
            yield n
            n += step

    return count


def _make_cycle():
    def cycle(iterable):
        return _cycle(iter(iterable))

    def _cycle(it):
        saved = []
        for x in it:
            yield x
            saved.append(x)
        while saved:
            for x in saved:
                yield x

    return cycle


def _make_repeat():
    def repeat(object, times=None):
        if times is None:
            return _repeat_forever(object)
        return _repeat(object, times)

    def _repeat_forever(x):
        while True:
            yield x

    def _repeat(x, times):
        for _ in range(times):
            yield x

    return repeat


def _make_accumulate():
    def accumulate(iterable, func=None, *, initial=None):
        return _accumulate(iter(iterable), func, initial)

    def _accumulate(it, func, total):
        if total is None:
            for total in it:
                break
            else:
                return
        yield total
        for x in it:
            total = total + x if func is None else func(total, x)
            yield total

    return accumulate


def _make_chain():
    def chain(*iterables):
        for it in iterables:
            yield from it

    def _from_iterable(iterables):
        for it in iterables:
            yield from it

    chain.from_iterable = _from_iterable

    return chain


def _make_compress():
    def compress(data, selectors):
        return (d for d, s in zip(data, selectors) if s)

    return compress


def _make_dropwhile():
    def dropwhile(predicate, iterable):
        return _dropwhile(predicate, iter(iterable))

    def _dropwhile(predicate, it):
        for x in it:
            if not predicate(x):
                yield x
                break
        yield from it

    return dropwhile


def _make_takewhile():
    def takewhile(predicate, iterable):
        return _takewhile(predicate, iter(iterable))

    def _takewhile(predicate, it):
        for x in it:
            if not predicate(x):
                return
            yield x

    return takewhile


def _make_filterfalse():
    def filterfalse(predicate, iterable):
        if predicate is None:
            return (x for x in iter(iterable) if not x)
        return (x for x in iter(iterable) if not predicate(x))

    return filterfalse


def _make_starmap():
    def starmap(function, iterable):
        return (function(*args) for args in iter(iterable))

    return starmap


def _make_islice():
    import sys  # here, not at the top: importing sys costs ~8 KB of heap

    def _index(x, stop):
        # an islice bound: None or an int in 0..sys.maxsize. CPython's messages, quirks included:
        # a stop that is not an int, too big, or -1 (its C error value) is "Stop argument", any
        # other negative bound and a bad start are "Indices".
        if x is None:
            return None
        x = x.__index__() if hasattr(x, "__index__") else -1
        if stop and (x == -1 or x > sys.maxsize):
            raise ValueError("Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
        if not 0 <= x <= sys.maxsize:
            raise ValueError("Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
        return x

    def islice(iterable, *args):
        n = len(args)
        if n == 1:
            start, stop, step = 0, _index(args[0], True), 1
        elif n == 2 or n == 3:
            stop = _index(args[1], True)
            start = _index(args[0], False)
            step = args[2] if n == 3 else None
            if start is None:
                start = 0
            if step is None:
                step = 1
            elif not hasattr(step, "__index__") or step.__index__() <= 0:
                raise ValueError("Step for islice() must be a positive integer or None.")
        else:
            raise TypeError("islice expected %s arguments, got %d"
                            % ("at most 4" if n else "at least 2", n + 1))
        return _islice(iter(iterable), start, stop, step)

    def _islice(it, start, stop, step):
        i = 0
        nxt = start
        if stop is not None and start >= stop:
            # CPython still consumes the items before start
            for _ in range(stop):
                if next(it, _islice) is _islice:
                    return
            return
        for x in it:
            if i == nxt:
                yield x
                nxt += step
            i += 1
            if stop is not None and i >= stop:
                return

    return islice


def _make_tee():
    def tee(iterable, n=2):
        if n < 0:
            raise ValueError("n must be >= 0")
        it = iter(iterable)
        buffers = [[] for _ in range(n)]
        return tuple(_tee(it, buf, buffers) for buf in buffers)

    def _tee(it, mine, buffers):
        while True:
            if not mine:
                for x in it:
                    break
                else:
                    return
                for buf in buffers:
                    buf.append(x)
            yield mine.pop(0)

    return tee


def _make_zip_longest():
    def zip_longest(*iterables, fillvalue=None):
        return _zip_longest([iter(it) for it in iterables], fillvalue)

    def _zip_longest(iterators, fillvalue):
        live = len(iterators)
        if not live:
            return
        while True:
            row = []
            for i, it in enumerate(iterators):
                if it is None:
                    row.append(fillvalue)
                    continue
                for x in it:
                    row.append(x)
                    break
                else:
                    iterators[i] = None
                    live -= 1
                    if not live:
                        return
                    row.append(fillvalue)
            yield tuple(row)

    return zip_longest


def _make_pairwise():
    def pairwise(iterable):
        return _pairwise(iter(iterable))

    def _pairwise(it):
        for a in it:
            break
        else:
            return
        for b in it:
            yield a, b
            a = b

    return pairwise


def _make_groupby():
    def groupby(iterable, key=None):
        return _groupby(iter(iterable), key)

    class _Group:
        # The shared state of groupby: the current item and key, read by the group iterators.
        def __init__(self, it, key):
            self.it = it
            self.key = key
            self.done = False
            self.gen = 0

        def advance(self):
            for x in self.it:
                self.value = x
                self.k = x if self.key is None else self.key(x)
                return True
            self.done = True
            return False

    def _groupby(it, key):
        g = _Group(it, key)
        if not g.advance():
            return
        while not g.done:
            k = g.k
            g.gen += 1
            yield k, _grouper(g, k, g.gen)
            # skip what the caller did not read of this group
            while not g.done and g.k == k:
                g.advance()

    def _grouper(g, k, gen):
        while not g.done and g.gen == gen and g.k == k:
            yield g.value
            g.advance()

    return groupby


def _make_product():
    def product(*iterables, repeat=1):
        if repeat < 0:
            raise ValueError("repeat argument cannot be negative")
        pools = [tuple(p) for p in iterables] * repeat
        return _product(pools)

    def _product(pools):
        result = [()]
        for pool in pools:
            result = [x + (y,) for x in result for y in pool]
        for prod in result:
            yield prod

    return product


def _make_permutations():
    def permutations(iterable, r=None):
        pool = tuple(iterable)
        n = len(pool)
        if r is None:
            r = n
        elif not isinstance(r, int):
            raise TypeError("Expected int as r")
        elif r < 0:
            raise ValueError("r must be non-negative")
        return _permutations(pool, n, r)

    def _permutations(pool, n, r):
        if r > n:
            return
        indices = list(range(n))
        cycles = list(range(n, n - r, -1))
        yield tuple(pool[i] for i in indices[:r])
        while n:
            for i in reversed(range(r)):
                cycles[i] -= 1
                if cycles[i] == 0:
                    indices[i:] = indices[i + 1:] + indices[i:i + 1]
                    cycles[i] = n - i
                else:
                    j = cycles[i]
                    indices[i], indices[-j] = indices[-j], indices[i]
                    yield tuple(pool[i] for i in indices[:r])
                    break
            else:
                return

    return permutations


def _make_combinations():
    def combinations(iterable, r):
        pool = tuple(iterable)
        if r < 0:
            raise ValueError("r must be non-negative")
        return _combinations(pool, len(pool), r)

    def _combinations(pool, n, r):
        if r > n:
            return
        indices = list(range(r))
        yield tuple(pool[i] for i in indices)
        while True:
            for i in reversed(range(r)):
                if indices[i] != i + n - r:
                    break
            else:
                return
            indices[i] += 1
            for j in range(i + 1, r):
                indices[j] = indices[j - 1] + 1
            yield tuple(pool[i] for i in indices)

    return combinations


def _make_combinations_with_replacement():
    def combinations_with_replacement(iterable, r):
        pool = tuple(iterable)
        if r < 0:
            raise ValueError("r must be non-negative")
        return _combinations_wr(pool, len(pool), r)

    def _combinations_wr(pool, n, r):
        if not n and r:
            return
        indices = [0] * r
        yield tuple(pool[i] for i in indices)
        while True:
            for i in reversed(range(r)):
                if indices[i] != n - 1:
                    break
            else:
                return
            indices[i:] = [indices[i] + 1] * (r - i)
            yield tuple(pool[i] for i in indices)

    return combinations_with_replacement
