print(eval('1 + 2'), eval('x[0]', {'x': [9]}), eval('  len("abc")'))
exec('y = 5'); print(y)
g = {}
exec('def f(a):\n    return a * 2\nz = f(21)', g)
print(g['z'], sorted(k for k in g if not k.startswith('__')), '__builtins__' in g)
ns = {'n': 4}
print(eval('[i * n for i in range(n)]', ns))
exec('for i in range(3):\n    print(i, end=" ")\nprint()')
try:
    eval('1 +')
except SyntaxError as e:
    print(type(e).__name__)
try:
    eval('undefined_thing')
except NameError as e:
    print(e)
try:
    exec(5)
except TypeError as e:
    print(e)
k = 10
def uses_global():
    return eval('k + 1')
print(uses_global())
exec('k = 20')
print(k, eval('k'))
print(eval('lambda q: q + k')(1))
for a in [('1', 5)]:
    for fn in (eval, exec):
        try:
            fn(*a)
        except TypeError as e:
            print(e)
try:
    eval(5)
except TypeError as e:
    print(e)
