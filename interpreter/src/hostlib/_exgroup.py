# BaseExceptionGroup / ExceptionGroup (PEP 654) and the runtime of `except*`, host only:
# the builtins take the two classes from here the first time a program names either
# (`Vm::lazy_builtin`), and each `except*` clause calls `_star(...)`'s methods.


def _check_matcher(m):
    if isinstance(m, type) and issubclass(m, BaseException):
        return m
    if isinstance(m, tuple):
        for t in m:
            if not (isinstance(t, type) and issubclass(t, BaseException)):
                break
        else:
            return m
    elif callable(m):
        return m
    raise TypeError("expected a function, exception type or tuple of exception types")


def _matches(e, m):
    if isinstance(m, (type, tuple)):
        return isinstance(e, m)
    return m(e)


def _subset(eg, excs):
    # A group of part of `eg`'s exceptions, made by its derive(), with eg's metadata.
    if not excs:
        return None
    g = eg.derive(excs)
    g.__cause__ = eg.__cause__
    g.__context__ = eg.__context__
    g.__traceback__ = eg.__traceback__
    if hasattr(eg, "__notes__"):
        g.__notes__ = list(eg.__notes__)
    return g


def _split(eg, m):
    # (match, rest) over the tree, as BaseExceptionGroup.split with a checked matcher.
    if _matches(eg, m):
        return eg, None
    if not isinstance(eg, BaseExceptionGroup):
        return None, eg
    match, rest = [], []
    for e in eg.exceptions:
        a, b = _split(e, m)
        if a is not None:
            match.append(a)
        if b is not None:
            rest.append(b)
    if not match:
        return None, eg
    return _subset(eg, match), _subset(eg, rest)


class BaseExceptionGroup(BaseException):
    __module__ = "builtins"

    def __new__(cls, *args, **kwargs):
        if kwargs or len(args) != 2:
            raise TypeError(
                "BaseExceptionGroup.__new__() takes exactly 2 arguments (%d given)" % len(args)
            )
        message, excs = args
        if not isinstance(message, str):
            raise TypeError(
                "BaseExceptionGroup.__new__() argument 1 must be str, not "
                + type(message).__name__
            )
        if isinstance(excs, (set, frozenset, dict, str)) or not hasattr(excs, "__getitem__"):
            raise TypeError("second argument (exceptions) must be a sequence")
        excs = tuple(excs)
        if not excs:
            raise ValueError("second argument (exceptions) must be a non-empty sequence")
        nested_base = False
        for i, e in enumerate(excs):
            if not isinstance(e, BaseException):
                raise ValueError("Item %d of second argument (exceptions) is not an exception" % i)
            if not isinstance(e, Exception):
                nested_base = True
        if cls is BaseExceptionGroup:
            if not nested_base:
                cls = ExceptionGroup
        elif issubclass(cls, Exception):
            if nested_base:
                raise TypeError("Cannot nest BaseExceptions in an ExceptionGroup")
        elif not nested_base:
            pass
        self = BaseException.__new__(cls, message, args[1])
        self._message = message
        self._exceptions = excs
        return self

    def __init__(self, *args, **kwargs):
        BaseException.__init__(self, *args)

    @property
    def message(self):
        return self._message

    @property
    def exceptions(self):
        return self._exceptions

    def __str__(self):
        n = len(self._exceptions)
        return "%s (%d sub-exception%s)" % (self._message, n, "" if n == 1 else "s")

    def __repr__(self):
        return "%s(%r, %r)" % (type(self).__name__, self._message, self.args[1])

    def derive(self, excs):
        return BaseExceptionGroup(self._message, excs)

    def split(self, matcher_value):
        return _split(self, _check_matcher(matcher_value))

    def subgroup(self, matcher_value):
        return _split(self, _check_matcher(matcher_value))[0]

    def __class_getitem__(cls, item):
        return cls


class ExceptionGroup(BaseExceptionGroup, Exception):
    __module__ = "builtins"


def _leaves(e, out):
    if isinstance(e, BaseExceptionGroup):
        for x in e.exceptions:
            _leaves(x, out)
    else:
        out.append(e)
    return out


class _star:
    # One `try` with `except*` clauses: `orig` is what the body raised.
    def __init__(self, orig):
        self.orig = orig
        self.rest = orig
        self.raised = []
        self.reraised = []

    def match(self, types):
        if isinstance(types, type) and issubclass(types, BaseExceptionGroup) or (
            isinstance(types, tuple)
            and any(isinstance(t, type) and issubclass(t, BaseExceptionGroup) for t in types)
        ):
            raise TypeError(
                "catching ExceptionGroup with except* is not allowed. Use except instead."
            )
        if self.rest is None:
            return None
        rest = self.rest
        if not isinstance(rest, BaseExceptionGroup):
            # A naked exception is matched whole, in a group of its own.
            if _matches(rest, _check_matcher(types)):
                self.rest = None
                g = BaseExceptionGroup("", (rest,))
                g.__traceback__ = rest.__traceback__
                return g
            return None
        m, self.rest = _split(rest, _check_matcher(types))
        return m

    def failed(self, e, match):
        # What a clause's body raised: its own match again (a bare `raise`) keeps its place in
        # the original group, anything else is new.
        if e is match:
            self.reraised.append(e)
        else:
            self.raised.append(e)

    def result(self):
        orig = self.orig
        if not isinstance(orig, BaseExceptionGroup):
            for e in self.raised + self.reraised:
                return e
            return self.rest
        keep = []
        for e in self.reraised:
            _leaves(e, keep)
        if self.rest is not None:
            _leaves(self.rest, keep)
        if keep:
            if not self.reraised:
                reraised = self.rest
            else:
                ids = [id(x) for x in keep]
                reraised = _split(orig, lambda x: id(x) in ids)[0]
        else:
            reraised = None
        if not self.raised:
            return reraised
        raised = self.raised
        if reraised is not None:
            raised.append(reraised)
        # One exception raised by a clause and nothing else goes out as it is (3.11.4+).
        if len(raised) == 1:
            return raised[0]
        return BaseExceptionGroup("", raised)
