# compile(src, filename, mode) -> code object for exec/eval; errors; single mode prints.
c = compile('x = 1 + 2\nprint("in exec", x)', 'prog.py', 'exec')
print(type(c).__name__, c.co_filename)
g = {}
exec(c, g)
print(g['x'])
e = compile('x * 10', '<expr>', 'eval')
print(eval(e, g), eval(e, {'x': 5}))
print(exec(e, g))
s = compile('x + 1', '<s>', 'single')
exec(s, g)
s2 = compile("for i in range(2): i\n", "<s>", "single")
exec(s2, g)
print(eval(compile('[y*y for y in range(4)]', 'f', 'eval')))
for bad in [('1 +', 'f', 'exec'), ('x = 1', 'f', 'eval'), ('x', 'f', 'bogus'), (5, 'f', 'exec')]:
    try:
        compile(*bad)
    except (SyntaxError, ValueError, TypeError) as ex:
        print(type(ex).__name__, ex)
try:
    compile('1 +\n', 'myfile.py', 'exec')
except SyntaxError as ex:
    print(ex.filename, ex.lineno, ex.msg)
c = compile(b'print("bytes src")', 'b', 'exec')
exec(c)
c = compile(source='print("kw")', filename='k', mode='exec')
exec(c)
def f():
    return eval(compile('a + b', 'e', 'eval'), {'a': 1, 'b': 2})
print(f())
try:
    compile('x')
except TypeError as ex:
    print(ex)
