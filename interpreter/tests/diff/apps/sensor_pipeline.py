readings = [
    ("temp", 21.5), ("hum", 40.0), ("temp", 22.1), ("temp", -99.0), ("hum", 41.5),
    ("temp", 22.9), ("pressure", 1013.2), ("hum", 250.0), ("temp", 23.4), ("hum", 43.0),
]
LIMITS = {"temp": (-40, 85), "hum": (0, 100), "pressure": (300, 1100)}
def valid(stream):
    for kind, v in stream:
        lo, hi = LIMITS[kind]
        if lo <= v <= hi:
            yield kind, v
        else:
            print(f"  dropped {kind}={v}")
def moving_avg(stream, n=2):
    windows = {}
    for kind, v in stream:
        w = windows.setdefault(kind, [])
        w.append(v)
        if len(w) > n:
            w.pop(0)
        yield kind, round(sum(w) / len(w), 2)
def alerts(stream, threshold):
    for kind, v in stream:
        flag = " ALERT" if kind == "temp" and v > threshold else ""
        yield f"{kind:>8}: {v:7.2f}{flag}"
for line in alerts(moving_avg(valid(readings)), 22.5):
    print(line)
stats = {}
for kind, v in valid(readings):
    s = stats.setdefault(kind, {"n": 0, "min": v, "max": v, "sum": 0})
    s["n"] += 1
    s["min"] = min(s["min"], v)
    s["max"] = max(s["max"], v)
    s["sum"] += v
for kind in sorted(stats):
    s = stats[kind]
    print(kind, s["n"], s["min"], s["max"], round(s["sum"] / s["n"], 3))
