# Each dict view is its own class, and only values() is hashable, as in CPython.
import collections.abc as abc

d = {"a": 1, "b": 2}
views = [d.keys(), d.values(), d.items()]
for v in views:
    t = type(v)
    print(t.__name__, isinstance(v, abc.Hashable), isinstance(v, abc.Set),
          isinstance(v, abc.MappingView), isinstance(v, abc.Sized), isinstance(v, abc.Iterable))
print(type(d.keys()).__hash__ is None, type(d.items()).__hash__ is None,
      type(d.values()).__hash__ is None)
print(isinstance(d.keys(), abc.KeysView), isinstance(d.values(), abc.ValuesView),
      isinstance(d.items(), abc.ItemsView))
print(len({type(v) for v in views}))
for v in views:
    try:
        hash(v)
        print(type(v).__name__, "hashable")
    except TypeError as e:
        print(type(v).__name__, e)
