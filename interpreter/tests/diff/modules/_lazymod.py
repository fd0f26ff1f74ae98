made = []


def __getattr__(name):
    if name.startswith("lazy_"):
        made.append(name)
        v = name.upper()
        globals()[name] = v
        return v
    raise AttributeError("module %r has no attribute %r" % (__name__, name))


__all__ = ["lazy_a", "plain"]
plain = 1
