"""collections: namedtuple, deque, OrderedDict, defaultdict, Counter (as CPython's).

The classes are built on first use (the module's `__getattr__`), so an import costs the heap
only for what a program names.
"""

__all__ = ["namedtuple", "deque", "OrderedDict", "defaultdict", "Counter"]


def __getattr__(name):
    # the maker goes once used, as in itertools and functools: its code, built on the heap
    # when it ran, is then garbage
    f = globals().pop("_make_" + name, None)
    if f is None:
        if name == "ChainMap":
            # a host-only module (hostlib/_chainmap.py); a board has no ChainMap
            from _chainmap import ChainMap
            globals()[name] = ChainMap
            return ChainMap
        raise AttributeError("module 'collections' has no attribute %r" % name)
    cls = f()
    cls.__qualname__ = name
    globals()[name] = cls
    return cls


_KEYWORDS = (" False None True and as assert async await break class continue def del elif else "
             "except finally for from global if import in is lambda nonlocal not or pass raise "
             "return try while with yield ")


class _Field:
    # A namedtuple field: reads self[i], refuses writes as CPython's _tuplegetter.
    def __init__(self, i):
        self.i = i
        self.__doc__ = "Alias for field number %d" % i

    def __get__(self, obj, cls=None):
        return self if obj is None else obj[self.i]

    def __set__(self, obj, value):
        raise AttributeError("can't set attribute")

    __delete__ = __set__


def _names(names):
    # CPython's "'a'", "'a' and 'b'", "'a', 'b', and 'c'" in call errors
    r = ["%r" % n for n in names]
    if len(r) < 3:
        return " and ".join(r)
    return ", ".join(r[:-1]) + ", and " + r[-1]


def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    if isinstance(field_names, str):
        field_names = field_names.replace(",", " ").split()
    fields = [str(f) for f in field_names]
    typename = str(typename)
    if rename:
        seen = set()
        for i, f in enumerate(fields):
            if not f.isidentifier() or " %s " % f in _KEYWORDS or f.startswith("_") or f in seen:
                fields[i] = "_%d" % i
            seen.add(f)
    for f in [typename] + fields:
        if not f.isidentifier():
            raise ValueError("Type names and field names must be valid identifiers: %r" % f)
        if " %s " % f in _KEYWORDS:
            raise ValueError("Type names and field names cannot be a keyword: %r" % f)
    seen = set()
    for f in fields:
        if f.startswith("_") and not rename:
            raise ValueError("Field names cannot start with an underscore: %r" % f)
        if f in seen:
            raise ValueError("Encountered duplicate field name: %r" % f)
        seen.add(f)
    fields = tuple(fields)
    nfields = len(fields)
    defs = tuple(defaults) if defaults is not None else ()
    if len(defs) > nfields:
        raise TypeError("Got more default values than field names")
    nreq = nfields - len(defs)
    where = typename + ".__new__()"

    def __new__(cls, *args, **kwargs):
        n = len(args)
        if n > nfields:
            raise TypeError("%s takes %s positional arguments but %d were given" % (
                where, ("from %d to %d" % (nreq + 1, nfields + 1)) if defs else nfields + 1,
                n + 1))
        for k in kwargs:
            if k not in fields:
                raise TypeError("%s got an unexpected keyword argument %r" % (where, k))
            if fields.index(k) < n:
                raise TypeError("%s got multiple values for argument %r" % (where, k))
        vals = list(args)
        missing = []
        for i in range(n, nfields):
            f = fields[i]
            if f in kwargs:
                vals.append(kwargs[f])
            elif i >= nreq:
                vals.append(defs[i - nreq])
            else:
                missing.append(f)
        if missing:
            raise TypeError("%s missing %d required positional argument%s: %s" % (
                where, len(missing), "s" if len(missing) > 1 else "", _names(missing)))
        return tuple.__new__(cls, vals)

    def __repr__(self):
        return "%s(%s)" % (
            type(self).__name__,
            ", ".join("%s=%r" % (f, v) for f, v in zip(fields, self)),
        )

    def _asdict(self):
        return dict(zip(fields, self))

    def _replace(self, **kwargs):
        vals = [kwargs.pop(f, v) for f, v in zip(fields, self)]
        if kwargs:
            raise ValueError("Got unexpected field names: %r" % list(kwargs))
        return type(self)(*vals)

    def _make(cls, iterable):
        vals = tuple(iterable)
        if len(vals) != nfields:
            raise TypeError("Expected %d arguments, got %d" % (nfields, len(vals)))
        return tuple.__new__(cls, vals)

    def __getnewargs__(self):
        return tuple(self)

    ns = {
        "__new__": __new__,
        "__repr__": __repr__,
        "_asdict": _asdict,
        "_replace": _replace,
        "_make": classmethod(_make),
        "__getnewargs__": __getnewargs__,
        "_fields": fields,
        "_field_defaults": dict(zip(fields[nfields - len(defs):], defs)),
        "__slots__": (),
    }
    for i, f in enumerate(fields):
        ns[f] = _Field(i)
    if module is not None:
        ns["__module__"] = module
    return type(typename, (tuple,), ns)


def _make_deque():
    class deque:
        # A sequence to `match` (Py_TPFLAGS_SEQUENCE, as collections.abc registers it).
        __abc_tpflags__ = 32

        def __init__(self, iterable=(), maxlen=None):
            if maxlen is not None:
                if not isinstance(maxlen, int):
                    raise TypeError("an integer is required")
                if maxlen < 0:
                    raise ValueError("maxlen must be non-negative")
            self._maxlen = maxlen
            self._items = []
            self.extend(iterable)

        @property
        def maxlen(self):
            return self._maxlen

        def _trim_left(self):
            m = self._maxlen
            if m is not None and len(self._items) > m:
                del self._items[: len(self._items) - m]

        def _trim_right(self):
            m = self._maxlen
            if m is not None and len(self._items) > m:
                del self._items[m:]

        def append(self, x):
            self._items.append(x)
            self._trim_left()

        def appendleft(self, x):
            self._items.insert(0, x)
            self._trim_right()

        def extend(self, iterable):
            for x in list(iterable):
                self.append(x)

        def extendleft(self, iterable):
            for x in list(iterable):
                self.appendleft(x)

        def pop(self):
            if not self._items:
                raise IndexError("pop from an empty deque")
            return self._items.pop()

        def popleft(self):
            if not self._items:
                raise IndexError("pop from an empty deque")
            return self._items.pop(0)

        def clear(self):
            self._items.clear()

        def copy(self):
            return deque(self._items, self._maxlen)

        def count(self, x):
            return self._items.count(x)

        def index(self, x, *args):
            try:
                return self._items.index(x, *args)
            except ValueError:
                raise ValueError("%r is not in deque" % (x,)) from None

        def insert(self, i, x):
            if self._maxlen is not None and len(self._items) >= self._maxlen:
                raise IndexError("deque already at its maximum size")
            self._items.insert(i, x)

        def remove(self, x):
            self.index(x)
            self._items.remove(x)

        def reverse(self):
            self._items.reverse()

        def rotate(self, n=1):
            k = len(self._items)
            if k:
                n %= k
                if n:
                    self._items[:] = self._items[-n:] + self._items[:-n]

        def __len__(self):
            return len(self._items)

        def __bool__(self):
            return bool(self._items)

        def __iter__(self):
            return iter(self._items)

        def __reversed__(self):
            return reversed(self._items)

        def __contains__(self, x):
            return x in self._items

        def __getitem__(self, i):
            if isinstance(i, slice):
                raise TypeError("sequence index must be integer, not 'slice'")
            try:
                return self._items[i]
            except IndexError:
                raise IndexError("deque index out of range") from None

        def __setitem__(self, i, x):
            try:
                self._items[i] = x
            except IndexError:
                raise IndexError("deque index out of range") from None

        def __delitem__(self, i):
            try:
                del self._items[i]
            except IndexError:
                raise IndexError("deque index out of range") from None

        def __eq__(self, other):
            if not isinstance(other, deque):
                return NotImplemented
            return self._items == other._items

        def __ne__(self, other):
            if not isinstance(other, deque):
                return NotImplemented
            return self._items != other._items

        def __lt__(self, other):
            return self._items < other._items if isinstance(other, deque) else NotImplemented

        def __le__(self, other):
            return self._items <= other._items if isinstance(other, deque) else NotImplemented

        def __gt__(self, other):
            return self._items > other._items if isinstance(other, deque) else NotImplemented

        def __ge__(self, other):
            return self._items >= other._items if isinstance(other, deque) else NotImplemented

        def __add__(self, other):
            if not isinstance(other, deque):
                raise TypeError('can only concatenate deque (not "%s") to deque'
                                % type(other).__name__)
            return deque(self._items + other._items, self._maxlen)

        def __mul__(self, n):
            return deque(self._items * n, self._maxlen)

        __rmul__ = __mul__

        def __imul__(self, n):
            self.extend(self._items * (n - 1) if n > 0 else ())
            if n <= 0:
                self.clear()
            return self

        def __iadd__(self, other):
            self.extend(other)
            return self

        def __repr__(self):
            if self._maxlen is None:
                return "deque(%r)" % (self._items,)
            return "deque(%r, maxlen=%d)" % (self._items, self._maxlen)


    return deque


def _make_OrderedDict():
    class OrderedDict(dict):
        def move_to_end(self, key, last=True):
            value = self[key]
            if last:
                dict.__delitem__(self, key)
                dict.__setitem__(self, key, value)
            else:
                items = [(k, v) for k, v in self.items() if k != key]
                dict.clear(self)
                dict.__setitem__(self, key, value)
                for k, v in items:
                    dict.__setitem__(self, k, v)

        def popitem(self, last=True):
            if not self:
                raise KeyError("dictionary is empty")
            key = next(reversed(list(self.keys()))) if last else next(iter(self.keys()))
            value = dict.pop(self, key)
            return key, value

        def __eq__(self, other):
            if isinstance(other, OrderedDict) and list(self) != list(other):
                return False
            return dict.__eq__(self, other)

        def __ne__(self, other):
            return not self == other

        def copy(self):
            return type(self)(self)

        def __or__(self, other):
            if not isinstance(other, dict):
                return NotImplemented
            n = self.copy()
            n.update(other)
            return n

        def __repr__(self):
            if not self:
                return "%s()" % type(self).__name__
            return "%s(%r)" % (type(self).__name__, list(self.items()))


    return OrderedDict


def _make_defaultdict():
    class defaultdict(dict):
        def __init__(self, default_factory=None, *args, **kwargs):
            if default_factory is not None and not callable(default_factory):
                raise TypeError("first argument must be callable or None")
            dict.__init__(self, *args, **kwargs)
            self.default_factory = default_factory

        def __missing__(self, key):
            if self.default_factory is None:
                raise KeyError(key)
            value = self.default_factory()
            self[key] = value
            return value

        def __getitem__(self, key):
            if key in self:
                return dict.__getitem__(self, key)
            return self.__missing__(key)

        def copy(self):
            return defaultdict(self.default_factory, self)

        def __or__(self, other):
            if not isinstance(other, dict):
                return NotImplemented
            n = self.copy()
            n.update(other)
            return n

        def __repr__(self):
            return "defaultdict(%r, %s)" % (self.default_factory, dict.__repr__(self))


    return defaultdict


def _make_Counter():
    class Counter(dict):
        def __init__(self, iterable=None, **kwargs):
            dict.__init__(self)
            self.update(iterable, **kwargs)

        def __missing__(self, key):
            return 0

        def __getitem__(self, key):
            if key in self:
                return dict.__getitem__(self, key)
            return 0

        def update(self, iterable=None, **kwargs):
            if iterable is not None:
                if isinstance(iterable, dict):
                    for k, v in iterable.items():
                        dict.__setitem__(self, k, self[k] + v)
                else:
                    for k in iterable:
                        dict.__setitem__(self, k, self[k] + 1)
            for k, v in kwargs.items():
                dict.__setitem__(self, k, self[k] + v)

        def subtract(self, iterable=None, **kwargs):
            if iterable is not None:
                if isinstance(iterable, dict):
                    for k, v in iterable.items():
                        dict.__setitem__(self, k, self[k] - v)
                else:
                    for k in iterable:
                        dict.__setitem__(self, k, self[k] - 1)
            for k, v in kwargs.items():
                dict.__setitem__(self, k, self[k] - v)

        def most_common(self, n=None):
            items = sorted(self.items(), key=lambda kv: kv[1], reverse=True)
            return items if n is None else items[:n]

        def elements(self):
            for k, v in self.items():
                for _ in range(v):
                    yield k

        def total(self):
            return sum(self.values())

        @classmethod
        def fromkeys(cls, iterable, v=None):
            raise NotImplementedError("Counter.fromkeys() is undefined.  Use Counter(iterable) instead.")

        def _op(self, other, f):
            # f(self[k], other[k]) over both counters' keys, keeping positive counts (CPython)
            if not isinstance(other, Counter):
                return NotImplemented
            r = Counter()
            for k in list(self) + [k for k in other if k not in self]:
                v = f(self[k], other[k])
                if v > 0:
                    dict.__setitem__(r, k, v)
            return r

        def __add__(self, other):
            return self._op(other, lambda a, b: a + b)

        def __sub__(self, other):
            return self._op(other, lambda a, b: a - b)

        def __or__(self, other):
            return self._op(other, max)

        def __and__(self, other):
            return self._op(other, min)

        def __pos__(self):
            return self._op(Counter(), lambda a, b: a)

        def __neg__(self):
            return self._op(Counter(), lambda a, b: -a)

        def __repr__(self):
            if not self:
                return "%s()" % type(self).__name__
            return "%s({%s})" % (
                type(self).__name__,
                ", ".join("%r: %r" % kv for kv in self.most_common()),
            )
    return Counter
