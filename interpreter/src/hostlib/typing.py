# typing for the host `pyrite` (a subset of CPython's): the names annotations use, subscriptable,
# with CPython's reprs; NamedTuple in its class and functional forms.

TYPE_CHECKING = False


def _type_repr(obj):
    if isinstance(obj, type):
        if obj.__module__ == "builtins":
            return obj.__qualname__
        return obj.__module__ + "." + obj.__qualname__
    if obj is ...:
        return "..."
    if type(obj).__name__ == "function":
        return obj.__name__
    return repr(obj)


def _tuple_args(params):
    params = params if isinstance(params, tuple) else (params,)
    return tuple(type(None) if p is None else p for p in params)


class _GenericAlias:
    def __init__(self, origin, name, args=None, special=None):
        self.__origin__ = origin
        self._name = name
        self.__args__ = args
        self._special = special

    def __getitem__(self, params):
        if self._special is not None:
            return self._special(self, params)
        if self.__args__ is not None:
            raise TypeError("%r is not a generic class" % self)
        return _GenericAlias(self.__origin__, self._name, _tuple_args(params))

    def __repr__(self):
        if self.__args__ is None:
            return "typing." + self._name
        if self._name == "Callable" and len(self.__args__) and self.__args__[0] is not ...:
            params = ", ".join(_type_repr(a) for a in self.__args__[:-1])
            return "typing.Callable[[%s], %s]" % (params, _type_repr(self.__args__[-1]))
        if len(self.__args__) == 0:
            return "typing.%s[()]" % self._name
        return "typing.%s[%s]" % (self._name, ", ".join(_type_repr(a) for a in self.__args__))

    def __eq__(self, other):
        if not isinstance(other, _GenericAlias):
            return NotImplemented
        return self._name == other._name and self.__args__ == other.__args__

    def __hash__(self):
        return hash((self._name, self.__args__))

    def __call__(self, *args, **kwargs):
        if self.__origin__ is None or self._name in _NO_INSTANCES:
            raise TypeError(
                "Type %s cannot be instantiated; use %s() instead"
                % (self._name, self._name.lower())
            )
        return self.__origin__(*args, **kwargs)

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]


_NO_INSTANCES = ("List", "Dict", "Set", "FrozenSet", "Tuple", "Type", "DefaultDict", "Deque")


def _callable_getitem(alias, params):
    if not isinstance(params, tuple) or len(params) != 2:
        raise TypeError("Callable must be used as Callable[[arg, ...], result].")
    args, result = params
    if args is ...:
        return _GenericAlias(alias.__origin__, "Callable", (...,) + _tuple_args(result))
    if not isinstance(args, list):
        raise TypeError("Callable[args, result]: args must be a list. Got %s" % _type_repr(args))
    return _GenericAlias(alias.__origin__, "Callable", _tuple_args(tuple(args) + (result,)))


def _union_getitem(alias, params):
    if params == ():
        raise TypeError("Cannot take a Union of no types.")
    flat = []
    for p in _tuple_args(params):
        if p is None:
            p = type(None)
        if isinstance(p, _GenericAlias) and p._name in ("Union", "Optional") and p.__args__:
            items = p.__args__
        else:
            items = (p,)
        for q in items:
            if q not in flat:
                flat.append(q)
    if len(flat) == 1:
        return flat[0]
    return _UnionAlias(tuple(flat))


def _optional_getitem(alias, params):
    return Union[params, None]


class _UnionAlias(_GenericAlias):
    def __init__(self, args):
        _GenericAlias.__init__(self, None, "Union", args)

    def __repr__(self):
        args = self.__args__
        if len(args) == 2 and type(None) in args:
            other = args[0] if args[1] is type(None) else args[1]
            return "typing.Optional[%s]" % _type_repr(other)
        return "typing.Union[%s]" % ", ".join(_type_repr(a) for a in args)


def _plain_getitem(alias, params):
    # Literal[None] keeps None (a value, not a type).
    params = params if isinstance(params, tuple) else (params,)
    return _GenericAlias(alias.__origin__, alias._name, params)


def _no_getitem(alias, params):
    raise TypeError("%r is not subscriptable" % alias)


class _SpecialAlias(_GenericAlias):
    # Any, NoReturn, ...: a name that is not a class and not subscriptable.
    def __init__(self, name):
        _GenericAlias.__init__(self, None, name, None, _no_getitem)

    def __call__(self, *args, **kwargs):
        raise TypeError("%s cannot be instantiated" % self._name)


Any = _SpecialAlias("Any")
NoReturn = _SpecialAlias("NoReturn")
Never = _SpecialAlias("Never")
Self = _SpecialAlias("Self")
LiteralString = _SpecialAlias("LiteralString")
TypeAlias = _SpecialAlias("TypeAlias")
Union = _GenericAlias(None, "Union", None, _union_getitem)
Optional = _GenericAlias(None, "Optional", None, _optional_getitem)
Callable = _GenericAlias(None, "Callable", None, _callable_getitem)
Literal = _GenericAlias(None, "Literal", None, _plain_getitem)
Final = _GenericAlias(None, "Final", None, _plain_getitem)
ClassVar = _GenericAlias(None, "ClassVar", None, _plain_getitem)
Annotated = _GenericAlias(None, "Annotated", None, _plain_getitem)
TypeGuard = _GenericAlias(None, "TypeGuard", None, _plain_getitem)

List = _GenericAlias(list, "List")
Dict = _GenericAlias(dict, "Dict")
Set = _GenericAlias(set, "Set")
FrozenSet = _GenericAlias(frozenset, "FrozenSet")
Tuple = _GenericAlias(tuple, "Tuple")
Type = _GenericAlias(type, "Type")
Text = str
AnyStr = None  # replaced below, once TypeVar exists

# The abstract collections have no classes in Pyrite: their aliases have no origin.
Iterable = _GenericAlias(None, "Iterable")
Iterator = _GenericAlias(None, "Iterator")
Generator = _GenericAlias(None, "Generator")
Sequence = _GenericAlias(None, "Sequence")
MutableSequence = _GenericAlias(None, "MutableSequence")
Mapping = _GenericAlias(None, "Mapping")
MutableMapping = _GenericAlias(None, "MutableMapping")
AbstractSet = _GenericAlias(None, "AbstractSet")
MutableSet = _GenericAlias(None, "MutableSet")
Collection = _GenericAlias(None, "Collection")
Container = _GenericAlias(None, "Container")
Reversible = _GenericAlias(None, "Reversible")
Hashable = _GenericAlias(None, "Hashable")
Sized = _GenericAlias(None, "Sized")
Awaitable = _GenericAlias(None, "Awaitable")
Coroutine = _GenericAlias(None, "Coroutine")
AsyncIterable = _GenericAlias(None, "AsyncIterable")
AsyncIterator = _GenericAlias(None, "AsyncIterator")
AsyncGenerator = _GenericAlias(None, "AsyncGenerator")
ContextManager = _GenericAlias(None, "ContextManager")
KeysView = _GenericAlias(None, "KeysView")
ValuesView = _GenericAlias(None, "ValuesView")
ItemsView = _GenericAlias(None, "ItemsView")
IO = _GenericAlias(None, "IO")
TextIO = _GenericAlias(None, "TextIO")
BinaryIO = _GenericAlias(None, "BinaryIO")
Deque = _GenericAlias(None, "Deque")
DefaultDict = _GenericAlias(None, "DefaultDict")
OrderedDict = _GenericAlias(None, "OrderedDict")
Counter = _GenericAlias(None, "Counter")
ChainMap = _GenericAlias(None, "ChainMap")


class TypeVar:
    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = bound
        self.__covariant__ = covariant
        self.__contravariant__ = contravariant

    def __repr__(self):
        if self.__covariant__:
            prefix = "+"
        elif self.__contravariant__:
            prefix = "-"
        else:
            prefix = "~"
        return prefix + self.__name__

    def __or__(self, other):
        return Union[self, other]


AnyStr = TypeVar("AnyStr", bytes, str)


class ParamSpec(TypeVar):
    pass


class Generic:
    # Generic[T] and a subclass's Box[int] stand for the class itself.
    def __class_getitem__(cls, params):
        return cls


class Protocol(Generic):
    pass


def cast(typ, val):
    return val


def _overload_dummy(*args, **kwds):
    raise NotImplementedError(
        "You should not call an overloaded function. "
        "A series of @typing.overload-decorated functions "
        "outside a stub module should always be followed "
        "by an implementation that is not @typing.overload-decorated."
    )


def overload(func):
    return _overload_dummy


def final(f):
    return f


def no_type_check(f):
    return f


def runtime_checkable(cls):
    return cls


def get_type_hints(obj, globalns=None, localns=None):
    return dict(getattr(obj, "__annotations__", {}))


def get_origin(tp):
    if isinstance(tp, _UnionAlias):
        return Union
    if isinstance(tp, _GenericAlias) and tp.__args__ is not None:
        if tp._name in ("Literal", "Final", "ClassVar", "Annotated", "TypeGuard"):
            return globals()[tp._name]
        return tp.__origin__
    return None


def get_args(tp):
    if isinstance(tp, _GenericAlias) and tp.__args__ is not None:
        args = tp.__args__
        if tp._name == "Callable" and args[0] is not ...:
            return (list(args[:-1]), args[-1])
        return args
    return ()


def NewType(name, tp):
    def new_type(x):
        return x
    new_type.__name__ = name
    new_type.__supertype__ = tp
    return new_type


_prohibited = frozenset(
    {
        "__new__",
        "__init__",
        "__slots__",
        "__getnewargs__",
        "_fields",
        "_field_defaults",
        "_make",
        "_replace",
        "_asdict",
        "_source",
    }
)
_special = frozenset({"__module__", "__name__", "__annotations__"})


def _make_nmtuple(name, types, module, defaults=()):
    from collections import namedtuple

    types = dict(types)
    nm_tpl = namedtuple(name, list(types), defaults=defaults, module=module)
    nm_tpl.__annotations__ = types
    return nm_tpl


class NamedTupleMeta(type):
    # `class Point(NamedTuple): x: int` makes a collections.namedtuple with the class's
    # annotated names as fields (their values as defaults) and its methods; calling
    # NamedTuple('Point', [('x', int)]) is the functional form.
    def __new__(mcls, typename, bases, ns):
        if not bases:
            return super().__new__(mcls, typename, bases, ns)
        types = ns.get("__annotations__", {})
        default_names = []
        for field_name in types:
            if field_name in ns:
                default_names.append(field_name)
            elif default_names:
                raise TypeError(
                    "Non-default namedtuple field %s cannot follow default field%s %s"
                    % (field_name, "s" if len(default_names) > 1 else "", ", ".join(default_names))
                )
        nm_tpl = _make_nmtuple(
            typename,
            types.items(),
            module=ns.get("__module__"),
            defaults=[ns[n] for n in default_names],
        )
        for key in ns:
            if key in _prohibited:
                raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
            if key not in _special and key not in nm_tpl._fields:
                setattr(nm_tpl, key, ns[key])
        return nm_tpl

    def __call__(cls, typename, fields=None, /, **kwargs):
        if fields is None:
            fields = kwargs.items()
        return _make_nmtuple(typename, fields, None)


class NamedTuple(metaclass=NamedTupleMeta):
    pass


def TypedDict(typename, fields=None, total=True, **kwargs):
    return dict
