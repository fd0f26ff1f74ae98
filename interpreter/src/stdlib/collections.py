"""collections: namedtuple, deque, OrderedDict, defaultdict, Counter (as CPython's)."""


def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    if isinstance(field_names, str):
        field_names = field_names.replace(",", " ").split()
    fields = tuple(str(f) for f in field_names)
    for f in fields:
        if not f.isidentifier() or f.startswith("_"):
            raise ValueError("Field names must be valid identifiers: %r" % f)
    if len(set(fields)) != len(fields):
        raise ValueError("Encountered duplicate field name")
    nfields = len(fields)
    defs = tuple(defaults) if defaults is not None else ()

    def __new__(cls, *args, **kwargs):
        if len(args) > nfields:
            raise TypeError(
                "%s() takes %d positional arguments but %d were given"
                % ("__new__", nfields + 1, len(args) + 1)
            )
        vals = list(args)
        for i in range(len(args), nfields):
            name = fields[i]
            if name in kwargs:
                vals.append(kwargs.pop(name))
            elif i >= nfields - len(defs):
                vals.append(defs[i - (nfields - len(defs))])
            else:
                raise TypeError("__new__() missing 1 required positional argument: %r" % name)
        if kwargs:
            k = next(iter(kwargs))
            if k in fields:
                raise TypeError("__new__() got multiple values for argument %r" % k)
            raise TypeError("__new__() got an unexpected keyword argument %r" % k)
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
        ns[f] = property(lambda self, i=i: self[i])
    return type(typename, (tuple,), ns)


class deque:
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
        return self._items.index(x, *args)

    def insert(self, i, x):
        if self._maxlen is not None and len(self._items) >= self._maxlen:
            raise IndexError("deque already at its maximum size")
        self._items.insert(i, x)

    def remove(self, x):
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

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __repr__(self):
        if self._maxlen is None:
            return "deque(%r)" % (self._items,)
        return "deque(%r, maxlen=%d)" % (self._items, self._maxlen)


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

    def __repr__(self):
        if not self:
            return "%s()" % type(self).__name__
        return "%s(%r)" % (type(self).__name__, list(self.items()))


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

    def __repr__(self):
        return "defaultdict(%r, %s)" % (self.default_factory, dict.__repr__(self))


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

    def __repr__(self):
        if not self:
            return "%s()" % type(self).__name__
        return "%s({%s})" % (
            type(self).__name__,
            ", ".join("%r: %r" % kv for kv in self.most_common()),
        )
