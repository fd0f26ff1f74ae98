import itertools, functools, operator, statistics, textwrap
from collections import Counter, namedtuple, deque

Reading = namedtuple("Reading", "sensor t value")

def readings():
    seed = 7
    for t in range(60):
        for s in ("temp", "hum", "pres"):
            seed = (seed * 1103515245 + 12345) % 2**31
            base = {"temp": 20, "hum": 45, "pres": 1013}[s]
            yield Reading(s, t, base + (seed % 1000) / 100 - 5)

def windowed(it, n):
    win = deque(maxlen=n)
    for x in it:
        win.append(x)
        if len(win) == n:
            yield tuple(win)

def smooth(values, n=5):
    return [round(statistics.fmean(w), 3) for w in windowed(values, n)]

data = list(readings())
by_sensor = {k: [r.value for r in g] for k, g in itertools.groupby(sorted(data, key=operator.attrgetter("sensor")), key=operator.attrgetter("sensor"))}
for name, vals in by_sensor.items():
    print(f"{name:>5}: n={len(vals)} mean={statistics.mean(vals):.3f} median={statistics.median(vals):.3f} "
          f"stdev={statistics.stdev(vals):.4f} min={min(vals):.2f} max={max(vals):.2f}")
print(smooth(by_sensor["temp"])[:6])
hot = [r for r in data if r.sensor == "temp" and r.value > 24]
print(len(hot), hot[:2])
buckets = Counter(int(r.value) for r in data if r.sensor == "hum")
print(sorted(buckets.most_common(3)), sum(buckets.values()))
pairs = list(itertools.pairwise(by_sensor["pres"][:5]))
print([round(b - a, 2) for a, b in pairs])
print(functools.reduce(lambda acc, r: acc + (r.value > 1013), data, 0))
chunks = [list(g) for _, g in itertools.groupby(range(10), key=lambda x: x // 3)]
print(chunks, list(itertools.accumulate([1, 2, 3, 4], operator.mul)), list(itertools.islice(itertools.cycle("ab"), 5)))
print(list(itertools.combinations("abc", 2)), list(itertools.starmap(pow, [(2, 3), (3, 2)])), list(itertools.zip_longest([1, 2], "x", fillvalue="-")))
report = "Sensors: " + ", ".join(f"{k} ({len(v)} readings, range {max(v) - min(v):.2f})" for k, v in sorted(by_sensor.items()))
print(textwrap.fill(report, 50, subsequent_indent="    "))
print(statistics.quantiles(by_sensor["hum"], n=4), statistics.correlation(by_sensor["temp"], by_sensor["hum"]) < 1)
