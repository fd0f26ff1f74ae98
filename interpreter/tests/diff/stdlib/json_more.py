import json
bad_docs = ['{"a": 1,}', "[1, 2", "nope", '{"a" 1}', "", "[1,]", "{", "[", '"abc', '"a\\x"', '"\\u12"', '"\\u12zz"', '"a\tb"',
            "01", "1.", "-", "1e", "[1] x", '{"a":1}}', "  \n  [1,\n 2,,]", '{1: 2}', "tru", "[-]", "\ufeff[]", '"\\ud83d\\ude00"',
            '"\\', "[1 2]", '{"a": }', "NaN", "-Infinity", "1E+2", "-0", "-0.0e-1", '{"a":1,"a":2}', "[[[]]]", "\"\\/\""]
for d in bad_docs:
    try:
        print(repr(json.loads(d)))
    except json.JSONDecodeError as e:
        print("JSONDecodeError:", e, e.pos, e.lineno, e.colno)
    except ValueError as e:
        print("ValueError:", e)
print(json.loads(b'{"x": [1]}'), json.loads(bytearray(b"2")))
try:
    json.loads(5)
except TypeError as e:
    print("TypeError:", e)
print(json.dumps({"b": [1, 2, {"c": []}], "a": {}}, indent=4, sort_keys=True))
print(json.dumps([1, [2, 3]], indent="\t"))
print(json.dumps([1, [2, 3]], indent=0))
print(json.dumps({True: 1, None: 2, 1.5: 3, 7: 4}))
print(json.dumps([float("nan"), float("inf"), -float("inf"), 1e20, 1.0, -0.0, 10**30]))
try:
    json.dumps(float("nan"), allow_nan=False)
except ValueError as e:
    print("ValueError:", e)
try:
    json.dumps({(1, 2): 3})
except TypeError as e:
    print("TypeError:", e)
print(json.dumps({(1, 2): 3, "k": 1}, skipkeys=True))
a = []
a.append(a)
try:
    json.dumps(a)
except ValueError as e:
    print("ValueError:", e)
print(json.dumps("\x00\x1f\x7f\u2028😀\\/", ensure_ascii=True), json.dumps("\x00\x7f😀", ensure_ascii=False))
print(json.dumps(object(), default=lambda o: "obj"))
print(json.loads('{"a": 1.5}', parse_float=str), json.loads('[1]', parse_int=float), json.loads('{"a": 1}', object_pairs_hook=list))
print(json.loads('{"a": {"b": 1}}', object_hook=lambda d: sorted(d)))
print(json.dumps({"a": 1}, separators=(",", "=")), json.dumps([], indent=2), json.dumps({}, indent=2))
try:
    json.loads("[" * 5000 + "]" * 5000)
    print("deep ok")
except RecursionError:
    print("RecursionError")
