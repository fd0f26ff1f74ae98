import json
doc = {"name": "pyrite", "ok": True, "none": None, "n": [1, 2.5, -3], "nested": {"k": "v"}, "uni": "é\n\"q\""}
s = json.dumps(doc)
print(s)
print(json.dumps(doc, sort_keys=True))
print(json.dumps(doc, separators=(",", ":")))
print(json.dumps([1, {"a": []}], indent=2))
print(json.dumps("é", ensure_ascii=False), json.dumps("é"))
back = json.loads(s)
print(back == doc, back["n"], type(back["n"][1]).__name__)
print(json.loads("[1, 2.0, 1e3, true, false, null, \"s\\u00e9\"]"))
print(json.loads('{"a": {"b": [1, {"c": null}]}}'))
for bad in ['{"a": 1,}', "[1, 2", "nope", '{"a" 1}', ""]:
    try:
        json.loads(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    json.dumps({1, 2})
except TypeError as e:
    print("TypeError:", e)
print(json.dumps({1: "int key", "s": (1, 2)}))
