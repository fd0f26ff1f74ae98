from datetime import date, time, datetime, timedelta, timezone
import datetime as dtmod
td = timedelta(days=1, hours=2, minutes=3, seconds=4, microseconds=5)
print(td, repr(td), td.days, td.seconds, td.microseconds, td.total_seconds())
print(timedelta(), timedelta(hours=-1), repr(timedelta(hours=-1)), timedelta(weeks=1, milliseconds=1.5))
print(timedelta(seconds=0.5), timedelta(days=-1.5), timedelta(minutes=90) // timedelta(hours=1), timedelta(hours=3) / timedelta(minutes=45))
print(td * 2, 2 * td, td / 2, td // 3, -td, abs(-td), td - timedelta(days=2), td % timedelta(hours=5), divmod(td, timedelta(hours=7)))
print(timedelta(hours=1) * 1.5, timedelta(hours=1) / 4.0, timedelta(1) == timedelta(hours=24), timedelta(1) > timedelta(0), bool(timedelta()))
print(sorted([timedelta(3), timedelta(-1), timedelta(hours=5)]), timedelta.max, timedelta.min, timedelta.resolution)
d = date(2024, 2, 28)
print(d, repr(d), d + timedelta(days=1), d + timedelta(days=2), d - date(2023, 12, 25), d.weekday(), d.isoweekday())
print(d.isocalendar(), tuple(d.isocalendar()), d.isocalendar().week, d.toordinal(), date.fromordinal(738944), d.replace(day=1), d.ctime())
print(date(2021, 1, 3).isocalendar(), date(2020, 12, 31).isocalendar(), date(2026, 12, 31).isocalendar(), date.fromisocalendar(2020, 53, 5))
print(date.fromisoformat("2023-07-04"), d.isoformat(), d.strftime("%A %d %B %Y (%a %b) day %j week %U/%W %y %m/%d"), f"{d:%Y/%m/%d}", format(d))
print(d < date(2024, 3, 1), d == date(2024, 2, 28), {d: 1}[date(2024, 2, 28)], max(d, date(2000, 1, 1)), date.min, date.max)
dt = datetime(2024, 3, 10, 14, 30, 15, 250000)
print(dt, repr(dt), dt.date(), dt.time(), dt.isoformat(), dt.isoformat(" ", "seconds"), dt.isoformat(timespec="milliseconds"))
print(dt + timedelta(hours=10), dt - timedelta(days=70), dt - datetime(2024, 1, 1), (dt - datetime(2024, 1, 1)).total_seconds())
print(dt.strftime("%Y-%m-%d %H:%M:%S.%f %I:%M %p %c"), dt.ctime(), dt.timetuple()[:6], dt.replace(hour=0, minute=0, second=0, microsecond=0))
print(datetime(2024, 1, 1), repr(datetime(2024, 1, 1, 5)), repr(datetime(2024, 1, 1, 5, 6, 7)), datetime.combine(d, time(8, 15)))
print(datetime.fromisoformat("2024-05-06T07:08:09"), datetime.fromisoformat("2024-05-06 07:08"), datetime.fromisoformat("2024-05-06"), datetime.fromisoformat("2024-05-06T07:08:09.123456+02:00"))
print(datetime.strptime("2023-11-05 17:45:30", "%Y-%m-%d %H:%M:%S"), datetime.strptime("05/Nov/23 5:45 PM", "%d/%b/%y %I:%M %p"))
t = time(9, 5)
print(t, repr(t), repr(time(9, 5, 7)), repr(time(9, 5, 7, 12)), t.isoformat(), time(23, 59, 59, 999).isoformat(), t.strftime("%H:%M %p"), t < time(10), time.fromisoformat("10:11:12"))
utc = timezone.utc
aware = datetime(2024, 6, 1, 12, 0, tzinfo=utc)
est = timezone(timedelta(hours=-5), "EST")
print(aware, repr(aware), aware.isoformat(), aware.utcoffset(), aware.tzname(), aware.astimezone(est), aware.astimezone(est).tzname())
print(repr(est), timezone(timedelta(hours=5, minutes=30)), repr(timezone(timedelta(hours=1))), aware.timestamp(), datetime.fromtimestamp(0, utc))
print(aware == aware.astimezone(est), aware - datetime(2024, 6, 1, 7, 0, tzinfo=est), aware.strftime("%Y %z %Z"), datetime.utcfromtimestamp(86400 * 365.25))
print(datetime(2024, 6, 1) == aware, datetime(2020, 2, 29) + timedelta(days=365), datetime.max, datetime.min)
try:
    datetime(2024, 6, 1) < aware
except TypeError as e:
    print("TypeError", e)
for args in [(2023, 2, 29), (2023, 13, 1), (0, 1, 1)]:
    try:
        date(*args)
    except ValueError as e:
        print("ValueError", e)
for bad in [(24, 0), (0, 60), (0, 0, 0, 1000000)]:
    try:
        time(*bad)
    except ValueError as e:
        print("ValueError", e)
try:
    date.fromisoformat("2023/01/01")
except ValueError as e:
    print("ValueError", e)
try:
    datetime.strptime("2023-01-01", "%d/%m/%Y")
except ValueError as e:
    print("ValueError", e)
days = [date(2024, 1, 1) + timedelta(days=i) for i in range(0, 40, 7)]
print([x.strftime("%a %d") for x in days], dtmod.MINYEAR, dtmod.MAXYEAR)
events = {datetime(2024, 1, 2, 9): "standup", datetime(2024, 1, 1, 17): "review"}
for when in sorted(events):
    print(f"{when:%b %d %H:%M} {events[when]}")
print(isinstance(dt, date), issubclass(datetime, date), type(dt.date()).__name__)
