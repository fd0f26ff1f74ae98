# The builtin iterators' type names, as in type() and in error messages.
its = [iter([]), iter(()), iter(''), iter('é'), iter(range(3)), iter({}), iter(set()), iter(b''),
       iter(bytearray()), reversed([]), iter({}.keys()), iter({}.values()), iter({}.items()),
       iter(frozenset()), enumerate([]), zip(), map(len, []), filter(None, []),
       iter(lambda: 1, 1), reversed((1,)), reversed(range(2))]
for x in its:
    print(type(x).__name__, type(x), x.__class__.__name__)
t = type(iter([1]))
print(isinstance(iter([2]), t), t is type(iter([3])))
for bad in [lambda: len(iter([1])), lambda: iter([1])[0], lambda: iter('ab') + 1, lambda: iter({}) * 2]:
    try:
        bad()
    except TypeError as e:
        print('TypeError', e)
it = iter([1, 2])
print(next(it), list(it))
