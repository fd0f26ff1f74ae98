# SyntaxErrors of the match statement, with CPython's messages.
cases = [
    "match x:\n case y: pass\n case 1: pass",
    "match x:\n case _: pass\n case 1: pass",
    "match x:\n case y | 1: pass",
    "match x:\n case [*a, *b]: pass",
    "match x:\n case [a, a]: pass",
    "match x:\n case {'a': a, 'b': [a]}: pass",
    "match x:\n case 1 | a: pass",
    "match x:\n case C(a=1, a=2): pass",
    "match x:\n case {'a': 1, 'a': 2}: pass",
    "match x:\n case {1: _, 1.0: _}: pass",
    "match x:\n case {None: _, None: _}: pass",
    "match x:\n case C(a=1, 2): pass",
    "match x:\n case f'x': pass",
    "match x:\n case 1 as _: pass",
    "match x:\n case {**_}: pass",
    "match x:\n case a as b as c: pass",
    "match x:\n case *a: pass",
    "match x:\n case (*a): pass",
    "match x:\n case (a | b) as c: pass\n case 1: pass",
    "match x:\n case [1, *_, *_]: pass",
    "match x:\n case x if x: pass\n case _: pass",
    "match x:\n case a.b: pass\n case (q): pass",
    "match x:\n case [a, (b | b)]: pass",
]
for src in cases:
    try:
        compile(src, "<test>", "exec")
        print("ok")
    except SyntaxError as e:
        print(type(e).__name__, e.msg)
