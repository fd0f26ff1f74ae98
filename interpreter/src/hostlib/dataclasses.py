# dataclasses for the host `pyrite` (a subset of CPython 3.11's): dataclass with init, repr,
# eq, order, unsafe_hash, frozen, match_args and kw_only (KW_ONLY too); field, Field,
# InitVar, ClassVar fields, __post_init__, fields, asdict, astuple, replace, is_dataclass,
# make_dataclass, FrozenInstanceError, MISSING. Not here: slots=True (ignored) and
# weakref_slot. As CPython, __init__ is generated source (so its argument errors read the
# same); it runs in a namespace of its own, inside a class named after the dataclass, which
# gives it the qualified name 'Point.__init__' those errors show.

import sys
import copy

__all__ = [
    "dataclass",
    "field",
    "Field",
    "FrozenInstanceError",
    "InitVar",
    "KW_ONLY",
    "MISSING",
    "fields",
    "asdict",
    "astuple",
    "make_dataclass",
    "replace",
    "is_dataclass",
]


class FrozenInstanceError(AttributeError):
    pass


class _HAS_DEFAULT_FACTORY_CLASS:
    def __repr__(self):
        return "<factory>"


_HAS_DEFAULT_FACTORY = _HAS_DEFAULT_FACTORY_CLASS()


class _MISSING_TYPE:
    pass


MISSING = _MISSING_TYPE()


class _KW_ONLY_TYPE:
    pass


KW_ONLY = _KW_ONLY_TYPE()


class _MappingProxy:
    # A read-only view of a field's metadata (CPython's types.MappingProxyType).
    def __init__(self, d):
        self._d = d

    def __getitem__(self, k):
        return self._d[k]

    def __iter__(self):
        return iter(self._d)

    def __len__(self):
        return len(self._d)

    def __contains__(self, k):
        return k in self._d

    def get(self, k, default=None):
        return self._d.get(k, default)

    def keys(self):
        return self._d.keys()

    def values(self):
        return self._d.values()

    def items(self):
        return self._d.items()

    def __eq__(self, other):
        return self._d == other

    def __repr__(self):
        return "mappingproxy(%r)" % (self._d,)

    def __str__(self):
        return str(self._d)


_EMPTY_METADATA = _MappingProxy({})


class _FIELD_BASE:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


_FIELD = _FIELD_BASE("_FIELD")
_FIELD_CLASSVAR = _FIELD_BASE("_FIELD_CLASSVAR")
_FIELD_INITVAR = _FIELD_BASE("_FIELD_INITVAR")

_FIELDS = "__dataclass_fields__"
_PARAMS = "__dataclass_params__"
_POST_INIT_NAME = "__post_init__"


class InitVar:
    def __init__(self, type):
        self.type = type

    def __repr__(self):
        if isinstance(self.type, type):
            type_name = self.type.__name__
        else:
            type_name = repr(self.type)
        return "dataclasses.InitVar[%s]" % type_name

    def __class_getitem__(cls, type):
        return InitVar(type)


class Field:
    def __init__(self, default, default_factory, init, repr, hash, compare, metadata, kw_only):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = _EMPTY_METADATA if metadata is None else _MappingProxy(metadata)
        self.kw_only = kw_only
        self._field_type = None

    def __repr__(self):
        return (
            "Field(name=%r,type=%r,default=%r,default_factory=%r,init=%r,repr=%r,"
            "hash=%r,compare=%r,metadata=%r,kw_only=%r,_field_type=%s)"
            % (
                self.name,
                self.type,
                self.default,
                self.default_factory,
                self.init,
                self.repr,
                self.hash,
                self.compare,
                self.metadata,
                self.kw_only,
                self._field_type,
            )
        )

    def __set_name__(self, owner, name):
        func = getattr(type(self.default), "__set_name__", None)
        if func:
            func(self.default, owner, name)


class _DataclassParams:
    def __init__(self, init, repr, eq, order, unsafe_hash, frozen):
        self.init = init
        self.repr = repr
        self.eq = eq
        self.order = order
        self.unsafe_hash = unsafe_hash
        self.frozen = frozen

    def __repr__(self):
        return (
            "_DataclassParams(init=%r,repr=%r,eq=%r,order=%r,unsafe_hash=%r,frozen=%r)"
            % (self.init, self.repr, self.eq, self.order, self.unsafe_hash, self.frozen)
        )


def field(
    *,
    default=MISSING,
    default_factory=MISSING,
    init=True,
    repr=True,
    hash=None,
    compare=True,
    metadata=None,
    kw_only=MISSING,
):
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)


def _fields_in_init_order(fields):
    return (
        tuple(f for f in fields if f.init and not f.kw_only),
        tuple(f for f in fields if f.init and f.kw_only),
    )


def _tuple_str(obj_name, fields):
    if not fields:
        return "()"
    return "(%s,)" % ",".join("%s.%s" % (obj_name, f.name) for f in fields)


def _set_qualname(cls, value):
    if type(value).__name__ == "function":
        value.__qualname__ = "%s.%s" % (cls.__qualname__, value.__name__)
    return value


def _set_new_attribute(cls, name, value):
    # True when the class defines `name` itself (then it is kept).
    if name in cls.__dict__:
        return True
    _set_qualname(cls, value)
    setattr(cls, name, value)
    return False


def _create_fn(cls, name, args, body, ns):
    # The method's source, in a class named as `cls` so its qualified name (shown by
    # argument errors) is 'Point.__init__'.
    holder = cls.__name__ if cls.__name__.isidentifier() else "__dataclass__"
    src = "class %s:\n def %s(%s):\n%s\n" % (
        holder,
        name,
        ",".join(args),
        "\n".join("  " + b for b in body),
    )
    exec(src, ns)
    fn = ns[holder].__dict__[name]
    return _set_qualname(cls, fn)


def _field_assign(frozen, name, value, self_name):
    if frozen:
        return "__dataclass_builtins_object__.__setattr__(%s,%r,%s)" % (self_name, name, value)
    return "%s.%s=%s" % (self_name, name, value)


def _field_init(f, frozen, ns, self_name):
    default_name = "_dflt_" + f.name
    if f.default_factory is not MISSING:
        ns[default_name] = f.default_factory
        if f.init:
            value = "%s() if %s is _HAS_DEFAULT_FACTORY else %s" % (default_name, f.name, f.name)
        else:
            value = default_name + "()"
    else:
        if f.init:
            if f.default is not MISSING:
                ns[default_name] = f.default
            value = f.name
        else:
            return None
    if f._field_type is _FIELD_INITVAR:
        return None
    return _field_assign(frozen, f.name, value, self_name)


def _init_param(f):
    if f.default is MISSING and f.default_factory is MISSING:
        default = ""
    elif f.default is not MISSING:
        default = "=_dflt_" + f.name
    else:
        default = "=_HAS_DEFAULT_FACTORY"
    return "%s:_type_%s%s" % (f.name, f.name, default)


def _init_fn(cls, fields, std_fields, kw_only_fields, frozen, has_post_init, self_name):
    seen_default = False
    for f in std_fields:
        if f.init:
            if not (f.default is MISSING and f.default_factory is MISSING):
                seen_default = True
            elif seen_default:
                raise TypeError("non-default argument %r follows default argument" % f.name)
    ns = {"_type_" + f.name: f.type for f in fields}
    ns["MISSING"] = MISSING
    ns["_HAS_DEFAULT_FACTORY"] = _HAS_DEFAULT_FACTORY
    ns["__dataclass_builtins_object__"] = object
    body = []
    for f in fields:
        line = _field_init(f, frozen, ns, self_name)
        if line:
            body.append(line)
    if has_post_init:
        params = ",".join(f.name for f in fields if f._field_type is _FIELD_INITVAR)
        body.append("%s.%s(%s)" % (self_name, _POST_INIT_NAME, params))
    if not body:
        body = ["pass"]
    params = [_init_param(f) for f in std_fields]
    if kw_only_fields:
        params.append("*")
        params.extend(_init_param(f) for f in kw_only_fields)
    fn = _create_fn(cls, "__init__", [self_name] + params, body, ns)
    fn.__annotations__["return"] = None
    return fn


def _repr_fn(fields):
    names = [f.name for f in fields]
    running = set()

    def __repr__(self):
        # A dataclass holding itself shows '...' there, as CPython's recursive_repr.
        key = id(self)
        if key in running:
            return "..."
        running.add(key)
        try:
            parts = ["%s=%r" % (n, getattr(self, n)) for n in names]
            return "%s(%s)" % (self.__class__.__qualname__, ", ".join(parts))
        finally:
            running.discard(key)

    return __repr__


def _values(obj, names):
    return tuple(getattr(obj, n) for n in names)


def _cmp_fn(name, op, names):
    def cmp(self, other):
        if other.__class__ is self.__class__:
            return op(_values(self, names), _values(other, names))
        return NotImplemented

    cmp.__name__ = name
    return cmp


def _frozen_get_del_attr(cls, names):
    names = tuple(names)

    def __setattr__(self, name, value):
        if type(self) is cls or name in names:
            raise FrozenInstanceError("cannot assign to field %r" % name)
        super(cls, self).__setattr__(name, value)

    def __delattr__(self, name):
        if type(self) is cls or name in names:
            raise FrozenInstanceError("cannot delete field %r" % name)
        super(cls, self).__delattr__(name)

    return __setattr__, __delattr__


def _hash_fn(names):
    def __hash__(self):
        return hash(_values(self, names))

    return __hash__


def _hash_set_none(cls, fields):
    return None


def _hash_add(cls, fields):
    flds = [f.name for f in fields if (f.compare if f.hash is None else f.hash)]
    return _set_qualname(cls, _hash_fn(flds))


def _hash_exception(cls, fields):
    raise TypeError("Cannot overwrite attribute __hash__ in class %s" % cls.__name__)


# (unsafe_hash, eq, frozen, has an explicit __hash__) -> action, as CPython's table.
_hash_action = {
    (False, True, False, False): _hash_set_none,
    (False, True, True, False): _hash_add,
    (True, False, False, False): _hash_add,
    (True, False, False, True): _hash_exception,
    (True, False, True, False): _hash_add,
    (True, False, True, True): _hash_exception,
    (True, True, False, False): _hash_add,
    (True, True, False, True): _hash_exception,
    (True, True, True, False): _hash_add,
    (True, True, True, True): _hash_exception,
}


def _is_classvar(a_type):
    typing = sys.modules.get("typing")
    if typing is None:
        return False
    return a_type is typing.ClassVar or (
        isinstance(a_type, typing._GenericAlias) and a_type._name == "ClassVar"
    )


def _is_initvar(a_type):
    return a_type is InitVar or type(a_type) is InitVar


def _is_type(annotation, cls, a_module, predicate):
    # CPython's _is_type for a string annotation: 'ClassVar[int]' is a ClassVar when the
    # class's module has the name ClassVar bound to typing's ('typing.ClassVar[...]' also
    # needs `typing` bound to the module there).
    head = annotation.strip().split("[", 1)[0].split(".")
    if len(head) > 2 or a_module is None:
        return False
    module = sys.modules.get(cls.__module__)
    ns = getattr(module, "__dict__", None)
    if not ns or (len(head) == 2 and ns.get(head[0].strip()) is not a_module):
        return False
    return predicate(ns.get(head[-1].strip()))


def _is_kw_only(a_type):
    if isinstance(a_type, str):
        return a_type in ("KW_ONLY", "dataclasses.KW_ONLY")
    return a_type is KW_ONLY


def _unhashable(value):
    # CPython asks `type(value).__hash__ is None`; Pyrite's built-in mutable containers
    # have a __hash__ that raises, so they are named.
    return type(value).__hash__ is None or isinstance(value, (list, dict, set, bytearray))


def _get_field(cls, a_name, a_type, default_kw_only):
    default = getattr(cls, a_name, MISSING)
    if isinstance(default, Field):
        f = default
    else:
        f = field(default=default)
    f.name = a_name
    f.type = a_type
    f._field_type = _FIELD
    is_str = isinstance(a_type, str)
    if _is_classvar(a_type) or (
        is_str and _is_type(a_type, cls, sys.modules.get("typing"), _is_classvar)
    ):
        f._field_type = _FIELD_CLASSVAR
    elif _is_initvar(a_type) or (
        is_str and _is_type(a_type, cls, sys.modules[__name__], _is_initvar)
    ):
        f._field_type = _FIELD_INITVAR
    if f._field_type in (_FIELD_CLASSVAR, _FIELD_INITVAR):
        if f.default_factory is not MISSING:
            raise TypeError("field %s cannot have a default factory" % f.name)
    if f._field_type in (_FIELD, _FIELD_INITVAR):
        if f.kw_only is MISSING:
            f.kw_only = default_kw_only
    elif f.kw_only is not MISSING:
        raise TypeError("field %s is a ClassVar but specifies kw_only" % f.name)
    if f._field_type is _FIELD and _unhashable(f.default):
        raise ValueError(
            "mutable default %s for field %s is not allowed: use default_factory"
            % (type(f.default), f.name)
        )
    return f


def _type_repr(t):
    # inspect.formatannotation, for the generated __doc__.
    if isinstance(t, type):
        if t.__module__ == "builtins":
            return t.__qualname__
        return t.__module__ + "." + t.__qualname__
    r = repr(t)
    return r.replace("typing.", "")


def _signature_doc(cls, std_fields, kw_only_fields):
    def param(f):
        s = "%s: %s" % (f.name, _type_repr(f.type))
        if f.default is not MISSING:
            s += " = %r" % (f.default,)
        elif f.default_factory is not MISSING:
            s += " = <factory>"
        return s

    params = [param(f) for f in std_fields]
    if kw_only_fields:
        params.append("*")
        params.extend(param(f) for f in kw_only_fields)
    return "%s(%s)" % (cls.__name__, ", ".join(params))


def _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, match_args, kw_only):
    fields = {}
    setattr(cls, _PARAMS, _DataclassParams(init, repr, eq, order, unsafe_hash, frozen))
    any_frozen_base = False
    has_dataclass_bases = False
    for b in cls.__mro__[-1:0:-1]:
        base_fields = b.__dict__.get(_FIELDS)
        if base_fields is not None:
            has_dataclass_bases = True
            for f in base_fields.values():
                fields[f.name] = f
            if b.__dict__[_PARAMS].frozen:
                any_frozen_base = True

    cls_annotations = cls.__dict__.get("__annotations__", {})
    cls_fields = []
    kw_only_seen = False
    for name, a_type in cls_annotations.items():
        if _is_kw_only(a_type):
            if kw_only_seen:
                raise TypeError("%r is KW_ONLY, but KW_ONLY has already been specified" % name)
            kw_only_seen = True
            kw_only = True
        else:
            cls_fields.append(_get_field(cls, name, a_type, kw_only))
    for f in cls_fields:
        fields[f.name] = f
        if isinstance(getattr(cls, f.name, None), Field):
            if f.default is MISSING:
                delattr(cls, f.name)
            else:
                setattr(cls, f.name, f.default)
    for name, value in cls.__dict__.items():
        if isinstance(value, Field) and name not in cls_annotations:
            raise TypeError("%r is a field but has no type annotation" % name)

    if has_dataclass_bases:
        if any_frozen_base and not frozen:
            raise TypeError("cannot inherit non-frozen dataclass from a frozen one")
        if not any_frozen_base and frozen:
            raise TypeError("cannot inherit frozen dataclass from a non-frozen one")

    setattr(cls, _FIELDS, fields)
    class_hash = cls.__dict__.get("__hash__", MISSING)
    has_explicit_hash = not (
        class_hash is MISSING or (class_hash is None and "__eq__" in cls.__dict__)
    )
    if order and not eq:
        raise ValueError("eq must be true if order is true")

    all_init_fields = [f for f in fields.values() if f._field_type in (_FIELD, _FIELD_INITVAR)]
    std_init_fields, kw_only_init_fields = _fields_in_init_order(all_init_fields)

    if init:
        has_post_init = hasattr(cls, _POST_INIT_NAME)
        self_name = "__dataclass_self__" if "self" in fields else "self"
        _set_new_attribute(
            cls,
            "__init__",
            _init_fn(
                cls,
                all_init_fields,
                std_init_fields,
                kw_only_init_fields,
                frozen,
                has_post_init,
                self_name,
            ),
        )

    field_list = [f for f in fields.values() if f._field_type is _FIELD]
    if repr:
        _set_new_attribute(cls, "__repr__", _repr_fn([f for f in field_list if f.repr]))
    cmp_names = [f.name for f in field_list if f.compare]
    if eq:
        _set_new_attribute(cls, "__eq__", _cmp_fn("__eq__", lambda a, b: a == b, cmp_names))
    if order:
        for name, op in [
            ("__lt__", lambda a, b: a < b),
            ("__le__", lambda a, b: a <= b),
            ("__gt__", lambda a, b: a > b),
            ("__ge__", lambda a, b: a >= b),
        ]:
            if _set_new_attribute(cls, name, _cmp_fn(name, op, cmp_names)):
                raise TypeError(
                    "Cannot overwrite attribute %s in class %s. Consider using "
                    "functools.total_ordering" % (name, cls.__name__)
                )
    if frozen:
        for fn in _frozen_get_del_attr(cls, [f.name for f in field_list]):
            if _set_new_attribute(cls, fn.__name__, fn):
                raise TypeError(
                    "Cannot overwrite attribute %s in class %s" % (fn.__name__, cls.__name__)
                )

    action = _hash_action.get((bool(unsafe_hash), bool(eq), bool(frozen), has_explicit_hash))
    if action:
        cls.__hash__ = action(cls, field_list)

    if not cls.__dict__.get("__doc__"):
        cls.__doc__ = _signature_doc(cls, std_init_fields, kw_only_init_fields)
    if match_args:
        _set_new_attribute(cls, "__match_args__", tuple(f.name for f in std_init_fields))
    return cls


def dataclass(
    cls=None,
    /,
    *,
    init=True,
    repr=True,
    eq=True,
    order=False,
    unsafe_hash=False,
    frozen=False,
    match_args=True,
    kw_only=False,
    slots=False,
    weakref_slot=False,
):
    def wrap(cls):
        return _process_class(
            cls, init, repr, eq, order, unsafe_hash, frozen, match_args, kw_only
        )

    if cls is None:
        return wrap
    return wrap(cls)


def fields(class_or_instance):
    try:
        fields = getattr(class_or_instance, _FIELDS)
    except AttributeError:
        raise TypeError("must be called with a dataclass type or instance") from None
    return tuple(f for f in fields.values() if f._field_type is _FIELD)


def _is_dataclass_instance(obj):
    return hasattr(type(obj), _FIELDS)


def is_dataclass(obj):
    cls = obj if isinstance(obj, type) else type(obj)
    return hasattr(cls, _FIELDS)


def asdict(obj, *, dict_factory=dict):
    if not _is_dataclass_instance(obj):
        raise TypeError("asdict() should be called on dataclass instances")
    return _convert(obj, dict_factory, None)


def astuple(obj, *, tuple_factory=tuple):
    if not _is_dataclass_instance(obj):
        raise TypeError("astuple() should be called on dataclass instances")
    return _convert(obj, None, tuple_factory)


def _convert(obj, dict_factory, tuple_factory):
    # asdict (tuple_factory None) and astuple (dict_factory None): dataclasses, namedtuples,
    # lists, tuples and dicts are rebuilt recursively, anything else deep-copied.
    def inner(v):
        return _convert(v, dict_factory, tuple_factory)

    if _is_dataclass_instance(obj):
        fs = fields(obj)
        values = [inner(getattr(obj, f.name)) for f in fs]
        if dict_factory is None:
            return tuple_factory(values)
        return dict_factory([(f.name, v) for f, v in zip(fs, values)])
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return type(obj)(*[inner(v) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)([inner(v) for v in obj])
    if isinstance(obj, dict):
        return type(obj)([(inner(k), inner(v)) for k, v in obj.items()])
    return copy.deepcopy(obj)


def make_dataclass(cls_name, fields, *, bases=(), namespace=None, **options):
    # options: dataclass()'s keywords (init, repr, eq, order, frozen, ...).
    namespace = {} if namespace is None else namespace.copy()
    seen = set()
    annotations = {}
    defaults = {}
    for item in fields:
        if isinstance(item, str):
            name = item
            tp = "typing.Any"
        elif len(item) == 2:
            name, tp = item
        elif len(item) == 3:
            name, tp, spec = item
            defaults[name] = spec
        else:
            raise TypeError("Invalid field: %r" % (item,))
        if not isinstance(name, str) or not name.isidentifier():
            raise TypeError("Field names must be valid identifiers: %r" % (name,))
        if name in seen:
            raise TypeError("Field name duplicated: %r" % (name,))
        seen.add(name)
        annotations[name] = tp
    namespace["__annotations__"] = annotations
    namespace.update(defaults)
    cls = type(cls_name, tuple(bases), namespace)
    return dataclass(cls, **options)


def replace(obj, /, **changes):
    if not _is_dataclass_instance(obj):
        raise TypeError("replace() should be called on dataclass instances")
    for f in getattr(obj, _FIELDS).values():
        if f._field_type is _FIELD_CLASSVAR:
            continue
        if not f.init:
            if f.name in changes:
                raise ValueError(
                    "field %s is declared with init=False, it cannot be specified with "
                    "replace()" % f.name
                )
            continue
        if f.name not in changes:
            if f._field_type is _FIELD_INITVAR and f.default is MISSING:
                raise ValueError("InitVar %r must be specified with replace()" % f.name)
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)
