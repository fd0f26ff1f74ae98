import json

def t(s, **kw):
    try:
        r = json.loads(s, **kw)
        print("ok", repr(r))
    except json.JSONDecodeError as e:
        print("JSONDecodeError", isinstance(e, ValueError), e, "|", e.msg, e.pos, e.lineno, e.colno)
    except Exception as e:
        print(type(e).__name__, e)

for s in ['', ' ', '{', '[', '[1,', '[1,]', '{"a":1,}', '{"a" 1}', '{"a":}', '{1:2}',
          '{"a":1 "b":2}', '[1 2]', 'nul', 'tru', 'True', 'None', 'NaN', '-Infinity', 'Infinity',
          '-', '-a', '01', '1.', '1.e5', '.5', '1e', '1e+', '0x10', '+1', '"abc', '"\\x"',
          '"\\u12"', '"\\u12G4"', '"a\nb"', '"a\tb"', '"\\', '1 2', '[1] x', '{"a":1}}',
          '\n\n  [1,\n  2,,]', '"\\ud83d\\ude00"', '"\\u00e9"', '  42  ', '-0', '-0.0', '1E400',
          '-1e400', '123456789012345678901234567890', '1.5e-400', '[[[[]]]]', '{"a":{"b":[{}]}}',
          '"\u2603"', '[true,false,null]', '{"a":1,"a":2}', '"\\/\\b\\f\\n\\r\\t\\"\\\\"',
          '\ufeff[1]', '[1]\x00', '\x00', '[-]', '{"":""}', '"\x7f"', '"\x1f"', '[1e5, 1E-5, 1.25]']:
    t(s)

t('"a\nb"', strict=False)
t('{"a": 1.5, "b": 2}', parse_float=str)
t('{"a": 1.5, "b": 2}', parse_int=lambda x: int(x) * 10)
t('[NaN, Infinity, -Infinity]', parse_constant=lambda c: "C:" + c)
t('{"a": 1, "b": [2]}', object_hook=lambda d: sorted(d.items()))
t('{"b": 1, "a": 2}', object_pairs_hook=list)
t(b'[1, "\xc3\xa9"]')
t(bytearray(b'{"k": 2}'))
t(b'\xef\xbb\xbf[3]')
t(5)
t(None)
try:
    json.loads('[1, 2', )
except ValueError as e:
    print("caught as ValueError:", e)
d = json.JSONDecoder()
print(d.raw_decode('[1, 2] tail'))
print(d.raw_decode('{"a": 1}xyz'))
try:
    d.raw_decode(' [1]')
except json.JSONDecodeError as e:
    print(e)
print(d.decode(' {"x": [1.5]} '))
f = json.loads("1e308")
print(f, json.loads("2.5e-3"), json.loads("-12.75"))
print(json.loads('"\\u0041\\u00DF\\u6C34\\uD834\\uDD1E"'))
print(json.loads('[' * 100 + ']' * 100) is not None)
