# Hand-written dataclass-like record: __init__ from fields, __repr__, __eq__, ordering, hashing.
class Record:
    fields = ()
    def __init__(self, *args, **kw):
        if len(args) > len(self.fields):
            raise TypeError(f'{type(self).__name__} takes {len(self.fields)} positional arguments')
        vals = dict(zip(self.fields, args))
        for k, v in kw.items():
            if k in vals:
                raise TypeError(f'duplicate {k}')
            if k not in self.fields:
                raise TypeError(f'unknown field {k}')
            vals[k] = v
        for f in self.fields:
            setattr(self, f, vals.get(f, getattr(type(self), 'default_' + f, None)))
    def astuple(self):
        return tuple(getattr(self, f) for f in self.fields)
    def __repr__(self):
        inner = ', '.join(f'{f}={getattr(self, f)!r}' for f in self.fields)
        return f'{type(self).__name__}({inner})'
    def __eq__(self, other):
        return type(self) is type(other) and self.astuple() == other.astuple()
    def __lt__(self, other):
        return self.astuple() < other.astuple()
    def __hash__(self):
        return hash(self.astuple())
class Point(Record):
    fields = ('x', 'y')
    default_y = 0
class Person(Record):
    fields = ('name', 'age', 'tags')
p = Point(1, 2)
print(p, Point(3), Point(y=5, x=1), p == Point(1, 2), p != Point(2, 1), p == (1, 2))
print(sorted([Point(2, 1), Point(1, 9), Point(1, 2)]), len({Point(1, 2), Point(1, 2), Point(0, 0)}))
for bad in [lambda: Point(1, 2, 3), lambda: Point(1, x=2), lambda: Point(z=1)]:
    try:
        bad()
    except TypeError as e:
        print('TypeError', e)
pe = Person('Ann', 30, ['a'])
print(pe, pe.astuple(), repr(Person(name='Bo')))
print(max([Point(0, 5), Point(1, 0)]), min(Point(i, -i) for i in range(3)))
