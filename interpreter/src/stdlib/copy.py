"""copy: shallow and deep copies (as CPython's copy, for the types Pyrite has)."""


class Error(Exception):
    pass


error = Error

_ATOMIC = (type(None), int, float, bool, str, bytes, type, range, type(len), type(Ellipsis),
           type(NotImplemented))


def _is_atomic(x):
    return (
        isinstance(x, _ATOMIC)
        or isinstance(x, type(_is_atomic))
        or (callable(x) and not hasattr(x, "__dict__"))
    )


def _new_like(x):
    # an instance of x's class without running __init__, as object.__reduce_ex__ does
    cls = type(x)
    return cls.__new__(cls)


def copy(x):
    cls = type(x)
    if _is_atomic(x) or cls is tuple or cls is frozenset:
        return x
    if cls is list:
        return list(x)
    if cls is dict:
        return dict(x)
    if cls is set:
        return set(x)
    if cls is bytearray:
        return bytearray(x)
    hook = getattr(cls, "__copy__", None)
    if hook is not None:
        return hook(x)
    if isinstance(x, BaseException):
        y = cls(*x.args)
    else:
        y = _new_like(x)
    state = getattr(x, "__dict__", None)
    if isinstance(x, list):
        y.extend(x)
    elif isinstance(x, dict):
        y.update(x)
    if state:
        y.__dict__.update(state)
    return y


def deepcopy(x, memo=None):
    if memo is None:
        memo = {}
    key = id(x)
    if key in memo:
        return memo[key]
    cls = type(x)
    if _is_atomic(x):
        return x
    if cls is list:
        y = []
        memo[key] = y
        for v in x:
            y.append(deepcopy(v, memo))
        return y
    if cls is tuple:
        items = [deepcopy(v, memo) for v in x]
        if key in memo:
            return memo[key]
        for a, b in zip(items, x):
            if a is not b:
                y = tuple(items)
                memo[key] = y
                return y
        return x
    if cls is dict:
        y = {}
        memo[key] = y
        for k, v in x.items():
            y[deepcopy(k, memo)] = deepcopy(v, memo)
        return y
    if cls is set or cls is frozenset:
        y = cls(deepcopy(v, memo) for v in x)
        memo[key] = y
        return y
    if cls is bytearray:
        return bytearray(x)
    hook = getattr(cls, "__deepcopy__", None)
    if hook is not None:
        y = hook(x, memo)
        memo[key] = y
        return y
    if isinstance(x, BaseException):
        y = cls(*deepcopy(x.args, memo))
    else:
        y = _new_like(x)
    memo[key] = y
    if isinstance(x, list):
        for v in x:
            y.append(deepcopy(v, memo))
    elif isinstance(x, dict):
        for k, v in x.items():
            y[deepcopy(k, memo)] = deepcopy(v, memo)
    state = getattr(x, "__dict__", None)
    if state:
        for k, v in state.items():
            setattr(y, k, deepcopy(v, memo))
    return y
