def g():
    try:
        x = yield 1
        print('got', x)
        y = yield 2
        print('got', y)
    except ValueError as e:
        print('caught', e)
        yield 'recovered'
    finally:
        print('cleanup')
it = g()
print(next(it), it.send('a'), it.throw(ValueError('boom')))
it.close()
def inner():
    r = yield 'i1'
    return r * 2
def outer():
    v = yield from inner()
    print('inner returned', v)
    yield v
o = outer()
print(next(o), o.send(21))
def counter():
    n = 0
    while True:
        cmd = yield n
        if cmd == 'reset':
            n = 0
        else:
            n += 1
c = counter()
print(next(c), next(c), c.send('reset'), next(c))
c.close()
try:
    c.send(1)
except StopIteration as e:
    print('stop', e.value)
def gen_ret():
    yield 1
    return 'done'
gr = gen_ret()
next(gr)
try:
    next(gr)
except StopIteration as e:
    print('value', e.value)
pipeline = (x * 2 for x in (y + 1 for y in range(5)) if x % 2)
print(list(pipeline))
def closing():
    try:
        yield 1
    except GeneratorExit:
        print('exit seen')
        raise
cg = closing(); next(cg); cg.close()
def bad():
    try:
        yield 1
    except GeneratorExit:
        yield 2
bg = bad(); next(bg)
try:
    bg.close()
except RuntimeError as e:
    print(type(e).__name__, e)
def se():
    yield 1
    raise StopIteration
try:
    list(se())
except RuntimeError as e:
    print(type(e).__name__, e)
g2 = (i for i in range(3))
print(next(g2), list(g2), list(g2))
print(type(g2).__name__, g.__name__)
def thrower():
    while True:
        try:
            yield
        except KeyError as e:
            print('key', e)
t = thrower(); next(t); t.throw(KeyError('k')); t.throw(KeyError, 'j')
try:
    t.throw(IndexError)
except IndexError:
    print('propagated')
print(list(zip(*[iter(range(6))] * 2)))
