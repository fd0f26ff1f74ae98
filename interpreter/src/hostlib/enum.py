# enum for the host `pyrite` (a subset of CPython 3.11's): Enum, IntEnum, StrEnum, auto,
# unique; members with name/value, iteration, lookup by value and by name, aliases.


class auto:
    def __init__(self):
        self.value = None


def _is_member(key, value):
    if key.startswith("_"):
        return False
    if callable(value) or isinstance(value, (classmethod, staticmethod, property)):
        return False
    return True


class EnumMeta(type):
    def __new__(mcls, cls_name, bases, namespace, **kwargs):
        members = []
        body = {}
        for key, value in namespace.items():
            if _is_member(key, value):
                members.append((key, value))
            else:
                body[key] = value
        cls = super().__new__(mcls, cls_name, bases, body, **kwargs)
        cls._member_names_ = []
        cls._member_map_ = {}
        cls._value2member_map_ = {}
        member_type = object
        for base in cls.__mro__[1:]:
            if base is not object and not isinstance(base, EnumMeta):
                member_type = base
                break
        custom_init = any(
            "__init__" in vars(b) for b in cls.__mro__ if isinstance(b, EnumMeta)
        )
        last_values = []
        for key, value in members:
            if isinstance(value, auto):
                value = cls._generate_next_value_(key, 1, len(last_values), last_values[:])
            args = value if isinstance(value, tuple) else (value,)
            if member_type is object:
                member = object.__new__(cls)
            else:
                member = member_type.__new__(cls, *args)
            if custom_init:
                member.__init__(*args)
            member._name_ = key
            member._value_ = value
            last_values.append(value)
            canonical = None
            for other in cls._member_map_.values():
                if other._value_ == value:
                    canonical = other
                    break
            if canonical is None:
                cls._member_names_.append(key)
                canonical = member
                try:
                    cls._value2member_map_[value] = member
                except TypeError:
                    pass
            cls._member_map_[key] = canonical
            setattr(cls, key, canonical)
        return cls

    def __call__(cls, value, names=None, *, module=None, qualname=None, type=None, start=1):
        if names is not None:
            return cls._create_(value, names, type, start)
        if isinstance(value, cls):
            return value
        try:
            return cls._value2member_map_[value]
        except (KeyError, TypeError):
            pass
        for member in cls._member_map_.values():
            if member._value_ == value:
                return member
        result = cls._missing_(value)
        if isinstance(result, cls):
            return result
        raise ValueError("%r is not a valid %s" % (value, cls.__qualname__))

    def _create_(cls, class_name, names, mixin, start):
        if isinstance(names, str):
            names = names.replace(",", " ").split()
        ns = {}
        count = 0
        for item in names:
            if isinstance(item, str):
                ns[item] = start + count
            else:
                ns[item[0]] = item[1]
            count += 1
        if isinstance(names, dict):
            ns = dict(names)
        bases = (cls,) if mixin is None else (mixin, cls)
        return EnumMeta.__new__(EnumMeta, class_name, bases, ns)

    def __getitem__(cls, name):
        return cls._member_map_[name]

    def __iter__(cls):
        return (cls._member_map_[name] for name in cls._member_names_)

    def __reversed__(cls):
        return (cls._member_map_[name] for name in reversed(cls._member_names_))

    def __len__(cls):
        return len(cls._member_names_)

    def __contains__(cls, member):
        return isinstance(member, cls) and member._name_ in cls._member_map_

    def __repr__(cls):
        return "<enum %r>" % cls.__name__

    def __bool__(cls):
        return True

    @property
    def __members__(cls):
        return dict(cls._member_map_)


EnumType = EnumMeta


class Enum(metaclass=EnumMeta):
    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        for last in reversed(last_values):
            try:
                return last + 1
            except TypeError:
                pass
        return start

    @classmethod
    def _missing_(cls, value):
        return None

    @property
    def name(self):
        return self._name_

    @property
    def value(self):
        return self._value_

    def __repr__(self):
        return "<%s.%s: %r>" % (type(self).__name__, self._name_, self._value_)

    def __str__(self):
        return "%s.%s" % (type(self).__name__, self._name_)

    def __format__(self, spec):
        return format(str(self), spec)

    def __hash__(self):
        return hash(self._name_)

    def __reduce_ex__(self, proto):
        return type(self), (self._value_,)


class IntEnum(int, Enum):
    __repr__ = Enum.__repr__

    def __str__(self):
        return int.__repr__(self)

    def __format__(self, spec):
        return int.__format__(self, spec)


class StrEnum(str, Enum):
    __repr__ = Enum.__repr__

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        return name.lower()

    def __str__(self):
        return str.__str__(self)

    def __format__(self, spec):
        return str.__format__(self, spec)


def unique(enumeration):
    duplicates = []
    for name, member in enumeration._member_map_.items():
        if name != member._name_:
            duplicates.append((name, member._name_))
    if duplicates:
        alias_details = ", ".join("%s -> %s" % (alias, name) for (alias, name) in duplicates)
        raise ValueError("duplicate values found in %r: %s" % (enumeration, alias_details))
    return enumeration
