import json

def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

t(lambda: json.dumps({"b": 1, "a": [1, 2, {"c": None}]}, sort_keys=True))
t(lambda: json.dumps({"b": 1, "a": [1, 2, {"c": None}]}, indent=2))
t(lambda: json.dumps({"b": 1, "a": []}, indent=0))
t(lambda: json.dumps({"b": {}, "a": []}, indent="\t"))
t(lambda: json.dumps([1, [2, [3, []]]], indent=1, separators=(",", ":")))
t(lambda: json.dumps({"x": 1, "y": 2}, separators=(",", ":")))
t(lambda: json.dumps({"x": 1, "y": 2}, separators=(" ;", " = ")))
t(lambda: json.dumps("h\u00e9llo \u2603 \U0001f600"))
t(lambda: json.dumps("h\u00e9llo \u2603 \U0001f600", ensure_ascii=False))
t(lambda: json.dumps("\x00\x01\x1f\x7f\"\\/\b\f\n\r\t"))
t(lambda: json.dumps(1.0))
t(lambda: json.dumps(1e100))
t(lambda: json.dumps(1.5e-7))
t(lambda: json.dumps(0.1 + 0.2))
t(lambda: json.dumps(-0.0))
t(lambda: json.dumps(float("inf")))
t(lambda: json.dumps([float("-inf"), float("nan")]))
t(lambda: json.dumps(float("nan"), allow_nan=False))
t(lambda: json.dumps(2 ** 100))
t(lambda: json.dumps(-(2 ** 70)))
t(lambda: json.dumps(True))
t(lambda: json.dumps({True: 1, False: 2, None: 3}))
t(lambda: json.dumps({1: "a", 2.5: "b", -3: "c"}))
t(lambda: json.dumps({(1, 2): 3}))
t(lambda: json.dumps({(1, 2): 3, "a": 1}, skipkeys=True))
t(lambda: json.dumps((1, 2, 3)))
t(lambda: json.dumps(set([1])))
t(lambda: json.dumps(b"abc"))
t(lambda: json.dumps(object) [:20])
t(lambda: json.dumps({1, 2}, default=sorted))
class P:
    def __init__(self, x, y):
        self.x, self.y = x, y
t(lambda: json.dumps([P(1, 2)], default=lambda o: [o.x, o.y]))
t(lambda: json.dumps({"a": 1, "b": 2, 3: 4}, sort_keys=True))
l = []
l.append(l)
t(lambda: json.dumps(l))
d = {}
d["self"] = d
t(lambda: json.dumps(d))

class MyEnc(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, P):
            return {"x": o.x, "y": o.y}
        return super().default(o)

t(lambda: json.dumps([P(1, 2.5)], cls=MyEnc))
t(lambda: json.dumps([object()], cls=MyEnc)[:5])
t(lambda: MyEnc(indent=3).encode({"a": [1]}))
t(lambda: json.JSONEncoder(sort_keys=True, separators=(",", ":")).encode({"z": 1, "a": 2}))
t(lambda: list(json.JSONEncoder().iterencode([1, 2])) and "".join(json.JSONEncoder().iterencode([1, 2])))

class IntSub(int):
    pass

class StrSub(str):
    pass

class FloatSub(float):
    pass

class DictSub(dict):
    pass

class ListSub(list):
    pass

t(lambda: json.dumps([IntSub(5), StrSub("x"), FloatSub(2.5), DictSub(a=1), ListSub([1])]))
t(lambda: json.dumps({StrSub("k"): IntSub(1)}))
t(lambda: json.dumps(3.0e16))
t(lambda: json.dumps(123456789012345678.0))
t(lambda: json.dumps([1e-5, 1e16, 1.7976931348623157e308, 5e-324]))
t(lambda: json.dumps({"a": float("nan")}, allow_nan=False))
t(lambda: json.dumps(None))
t(lambda: json.dumps({}, indent=4))
t(lambda: json.dumps([], indent=4))
t(lambda: json.dumps([[]], indent=4))
t(lambda: json.dumps({"a": {"b": {}}}, indent=2, sort_keys=True))
t(lambda: json.dumps(1, indent=2))
t(lambda: json.dumps("x", indent=-1))
t(lambda: json.dumps([1, 2], indent=-1))
t(lambda: json.dumps([1, 2], indent=""))
