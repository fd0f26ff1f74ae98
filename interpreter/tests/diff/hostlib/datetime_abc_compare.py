from datetime import date, datetime, time, timedelta, timezone
import collections.abc as cabc
a = date(2024, 2, 29); b = date(2024, 3, 1)
print(a < b, a <= b, a > b, a >= b, a == b, a != b, a == date(2024, 2, 29))
d1 = datetime(2024, 1, 1, 12); d2 = datetime(2024, 1, 1, 12, tzinfo=timezone.utc)
print(d1 == d2, d1 != d2, d1 == a, d1 != a, datetime(2024, 2, 29) == a)
for op in (lambda: d1 < d2, lambda: d1 < a, lambda: a < d1):
    try:
        print(op())
    except TypeError as e:
        print("TypeError", e)
# CPython's C types name themselves datetime.datetime in this message: compare the type only.
for op in (lambda: d1 < 3, lambda: timedelta(1) < 3, lambda: time(1) >= "x"):
    try:
        print(op())
    except TypeError as e:
        print("TypeError")
print(time(1, 2) < time(1, 3), time(5) == time(5), time(5) != time(4), time(5) >= time(6))
print(timedelta(hours=1) == timedelta(minutes=60), timedelta(1) > timedelta(0), timedelta(1) <= timedelta(0))
print(sorted([timedelta(3), timedelta(-1), timedelta(0)]))
print(max(date(2020, 1, 1), date(2019, 5, 5)), min(time(3), time(2)))
print(timedelta(1) == 1, date(2020, 1, 1) == "x", hash(time(1)) == hash(time(1)))
print(d2.hour, d2.minute, d2.tzinfo, d2.fold, time(4, 5, 6, 7).microsecond, d1.replace(hour=3))
t = time(10, 20, tzinfo=timezone(timedelta(hours=2)))
print(t.utcoffset(), t.tzname(), t.replace(minute=1), t.hour)
class It:
    def __iter__(self): return self
    def __next__(self): raise StopIteration
class Sz:
    def __len__(self): return 1
print(issubclass(It, cabc.Iterator), issubclass(It, cabc.Iterable), issubclass(Sz, cabc.Sized), issubclass(Sz, cabc.Iterable))
print(isinstance([], cabc.Sequence), isinstance({}, cabc.Mapping), isinstance(3, cabc.Hashable), isinstance([], cabc.Hashable))
def g():
    yield 1
print(isinstance(g(), cabc.Generator), issubclass(type(g()), cabc.Iterator))
class MyGen(cabc.Generator):
    def send(self, v):
        raise StopIteration
    def throw(self, typ, val=None, tb=None):
        return super().throw(typ, val, tb)
gen = MyGen()
try:
    gen.throw(ValueError, ValueError("boom"))
except ValueError as e:
    print("thrown", e)
gen.close(); print("closed")
class Stubborn(cabc.Generator):
    def send(self, v): return 1
    def throw(self, *a): return 2
try:
    Stubborn().close()
except RuntimeError as e:
    print("RuntimeError", e)
print(cabc.Hashable.__subclasshook__(int), cabc.Sized.__subclasshook__(int))
