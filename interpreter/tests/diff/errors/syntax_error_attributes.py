# SyntaxError raised by exec(): message, attributes and str(), for common mistakes.
for src in ['def f():\n    nonlocal x\n', 'x = 1\ndef f():\n    print(x)\n    global x\n', 'def f(a, a): pass',
            'f(x=1, x=2)', 'return 5', 'break', 'a = 1 = 2', 'def f():\n    x = 1\n    def g():\n        print(x)\n        nonlocal x\n',
            'lambda: (yield)', 'x += 1 = 2', 'class C:\n    nonlocal y\n', 'def f(a=1, b): pass', 'continue', 'if True\n    pass\n']:
    try:
        exec(src, {})
        print('ok', repr(src))
    except SyntaxError as e:
        print(type(e).__name__, '|', e.msg, '|', e.filename)
    except Exception as e:
        print('ran', type(e).__name__)
try:
    exec('a b')
except SyntaxError as e:
    print(str(e), e.args[0], type(e.args[1]).__name__, e.lineno)
