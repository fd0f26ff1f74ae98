"""functools: higher-order functions and operations on callables, as CPython's.

The classes and the caches are made the first time a program names them (a `_make_NAME`
function, through the module's `__getattr__`, as in collections).
"""

__all__ = ["update_wrapper", "wraps", "WRAPPER_ASSIGNMENTS", "WRAPPER_UPDATES", "reduce",
           "partial", "partialmethod", "cmp_to_key", "total_ordering", "lru_cache", "cache",
           "cached_property"]

WRAPPER_ASSIGNMENTS = ("__module__", "__name__", "__qualname__", "__doc__")
WRAPPER_UPDATES = ("__dict__",)


def update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    for attr in assigned:
        try:
            value = getattr(wrapped, attr)
        except AttributeError:
            pass
        else:
            setattr(wrapper, attr, value)
    for attr in updated:
        getattr(wrapper, attr).update(getattr(wrapped, attr, {}))
    wrapper.__wrapped__ = wrapped
    return wrapper


def wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    def decorator(wrapper):
        return update_wrapper(wrapper, wrapped, assigned, updated)
    return decorator


_initial_missing = object()


def reduce(function, sequence, initial=_initial_missing):
    it = iter(sequence)
    if initial is _initial_missing:
        for value in it:
            break
        else:
            raise TypeError("reduce() of empty iterable with no initial value")
    else:
        value = initial
    for element in it:
        value = function(value, element)
    return value


def cmp_to_key(mycmp):
    class K:
        __slots__ = ("obj",)

        def __init__(self, obj):
            self.obj = obj

        def __lt__(self, other):
            return mycmp(self.obj, other.obj) < 0

        def __gt__(self, other):
            return mycmp(self.obj, other.obj) > 0

        def __eq__(self, other):
            return mycmp(self.obj, other.obj) == 0

        def __le__(self, other):
            return mycmp(self.obj, other.obj) <= 0

        def __ge__(self, other):
            return mycmp(self.obj, other.obj) >= 0

        __hash__ = None
    return K


def total_ordering(cls):
    """Fill in the missing ordering methods from one of < <= > >= and ==."""
    defined = [op for op in ("__lt__", "__le__", "__gt__", "__ge__")
               if getattr(cls, op, None) is not getattr(object, op, None)]
    if not defined:
        raise ValueError("must define at least one ordering operation: < > <= >=")
    root = defined[0]  # CPython's max(roots): < first, then <=, >, >=
    # the table is built per call, so importing functools costs none of these lambdas
    derived = {
        "__lt__": (("__gt__", lambda r, a, b: not r and a != b),
                   ("__le__", lambda r, a, b: r or a == b),
                   ("__ge__", lambda r, a, b: not r)),
        "__le__": (("__ge__", lambda r, a, b: not r or a == b),
                   ("__lt__", lambda r, a, b: r and a != b),
                   ("__gt__", lambda r, a, b: not r)),
        "__gt__": (("__lt__", lambda r, a, b: not r and a != b),
                   ("__ge__", lambda r, a, b: r or a == b),
                   ("__le__", lambda r, a, b: not r)),
        "__ge__": (("__le__", lambda r, a, b: not r or a == b),
                   ("__gt__", lambda r, a, b: r and a != b),
                   ("__lt__", lambda r, a, b: not r)),
    }[root]
    for name, compute in derived:
        if name not in defined:
            f = _derive(getattr(cls, root), compute)
            f.__name__ = name
            f.__qualname__ = cls.__qualname__ + "." + name
            setattr(cls, name, f)
    return cls


def _derive(root, compute):
    def f(self, other):
        r = root(self, other)
        if r is NotImplemented:
            return r
        return compute(r, self, other)
    return f


def __getattr__(name):
    # the maker goes once used: its code, built on the heap when it ran, is then garbage
    f = globals().pop("_make_" + name, None)
    if f is None:
        raise AttributeError("module 'functools' has no attribute %r" % name)
    tool = f()
    tool.__qualname__ = name
    globals()[name] = tool
    return tool


def _make_partial():
    class partial:
        """New function with partial application of the given arguments and keywords."""

        def __init__(self, func, /, *args, **keywords):
            if not callable(func):
                raise TypeError("the first argument must be callable")
            if isinstance(func, partial):
                args = func.args + args
                keywords = {**func.keywords, **keywords}
                func = func.func
            self.func = func
            self.args = args
            self.keywords = keywords

        def __call__(self, /, *args, **keywords):
            return self.func(*self.args, *args, **{**self.keywords, **keywords})

        def __repr__(self):
            parts = [repr(self.func)]
            parts.extend(repr(a) for a in self.args)
            parts.extend("%s=%r" % kv for kv in self.keywords.items())
            return "functools.partial(" + ", ".join(parts) + ")"

        def __get__(self, obj, cls=None):
            # a partial stored on a class is not a method, as in CPython
            return self

    return partial


def _make_partialmethod():
    partial = globals().get("partial") or __getattr__("partial")

    class partialmethod:
        """A partial that binds like a method: the instance goes first."""

        def __init__(self, func, /, *args, **keywords):
            self.func = func
            self.args = args
            self.keywords = keywords

        def __get__(self, obj, cls=None):
            if obj is None:
                return self
            return partial(self.func, obj, *self.args, **self.keywords)

    return partialmethod


def _make_lru_cache():
    class _CacheInfo(tuple):
        # CPython's CacheInfo namedtuple, without importing collections
        def __new__(cls, hits, misses, maxsize, currsize):
            return tuple.__new__(cls, (hits, misses, maxsize, currsize))

        hits = property(lambda self: self[0])
        misses = property(lambda self: self[1])
        maxsize = property(lambda self: self[2])
        currsize = property(lambda self: self[3])

        def __repr__(self):
            return "CacheInfo(hits=%r, misses=%r, maxsize=%r, currsize=%r)" % self


    def _make_key(args, kwds, typed):
        key = args
        if kwds:
            key += (_make_key,)
            for item in kwds.items():
                key += item
        if typed:
            key += tuple(type(v) for v in args)
            if kwds:
                key += tuple(type(v) for v in kwds.values())
        elif len(key) == 1 and type(key[0]) in (int, str):
            return key[0]
        return key


    def lru_cache(maxsize=128, typed=False):
        if isinstance(maxsize, int):
            if maxsize < 0:
                maxsize = 0
        elif callable(maxsize) and isinstance(typed, bool):
            # @lru_cache without parentheses
            return _lru_wrapper(maxsize, 128, typed)
        elif maxsize is not None:
            raise TypeError("Expected first argument to be an integer, a callable, or None")

        def decorating_function(user_function):
            return _lru_wrapper(user_function, maxsize, typed)
        return decorating_function


    def _lru_wrapper(user_function, maxsize, typed):
        cache = {}
        stats = [0, 0]  # hits, misses
        missing = stats

        def wrapper(*args, **kwds):
            key = _make_key(args, kwds, typed)
            result = cache.get(key, missing)
            if result is not missing:
                stats[0] += 1
                if maxsize is not None:
                    # most recently used goes last: dicts keep insertion order
                    del cache[key]
                    cache[key] = result
                return result
            stats[1] += 1
            result = user_function(*args, **kwds)
            if maxsize is None or maxsize > 0:
                if maxsize is not None and len(cache) >= maxsize:
                    del cache[next(iter(cache))]
                cache[key] = result
            return result

        def cache_info():
            return _CacheInfo(stats[0], stats[1], maxsize, len(cache))

        def cache_clear():
            cache.clear()
            stats[0] = stats[1] = 0

        wrapper.cache_info = cache_info
        wrapper.cache_clear = cache_clear
        wrapper.cache_parameters = lambda: {"maxsize": maxsize, "typed": typed}
        return update_wrapper(wrapper, user_function)


    def cache(user_function):
        return _lru_wrapper(user_function, None, False)

    cache.__qualname__ = "cache"
    globals()["cache"] = cache
    return lru_cache


def _make_cache():
    __getattr__("lru_cache")
    return globals()["cache"]


def _make_cached_property():
    class cached_property:
        """A property computed once per instance, then kept in the instance's __dict__."""

        def __init__(self, func):
            self.func = func
            self.attrname = None
            self.__doc__ = func.__doc__

        def __set_name__(self, owner, name):
            if self.attrname is None:
                self.attrname = name
            elif name != self.attrname:
                raise TypeError("Cannot assign the same cached_property to two different names "
                                "(%r and %r)." % (self.attrname, name))

        def __get__(self, instance, owner=None):
            if instance is None:
                return self
            if self.attrname is None:
                raise TypeError("Cannot use cached_property instance without calling __set_name__ on it.")
            val = self.func(instance)
            instance.__dict__[self.attrname] = val
            return val

    return cached_property
