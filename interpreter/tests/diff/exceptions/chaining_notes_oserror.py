import sys
def f():
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise ValueError('wrapped') from e
try:
    f()
except ValueError as e:
    print(repr(e), repr(e.__cause__), e.__suppress_context__, type(e.__context__).__name__)
try:
    try:
        {}['x']
    except KeyError:
        raise RuntimeError('during')
except RuntimeError as e:
    print(repr(e.__context__), e.__cause__, e.__suppress_context__)
try:
    try:
        raise KeyError('a')
    except KeyError:
        raise TypeError('b') from None
except TypeError as e:
    print(e.__cause__, e.__suppress_context__, repr(e.__context__))
class MyErr(Exception):
    def __init__(self, code, msg):
        super().__init__(code, msg)
        self.code = code
    def __str__(self):
        return f'[{self.code}] {self.args[1]}'
try:
    raise MyErr(42, 'bad')
except Exception as e:
    print(e, repr(e), e.args, e.code, isinstance(e, MyErr))
def g():
    try:
        return 'try'
    finally:
        print('finally runs')
print(g())
def h():
    for i in range(3):
        try:
            if i == 1:
                continue
            if i == 2:
                break
        finally:
            print('fin', i)
    return i
print(h())
try:
    raise ExceptionGroup if False else KeyError('k')
except LookupError as e:
    print('lookup', repr(e), str(e))
e = OSError(2, 'No such file')
print(e.errno, e.strerror, str(e), type(e).__mro__[1].__name__)
print(repr(ValueError()), str(ValueError()), repr(ValueError(1, 2)), str(ValueError(1, 2)), str(KeyError('x')))
try:
    assert 1 == 2, 'math broke'
except AssertionError as e:
    print('assert', e)
def nested():
    try:
        raise ValueError('inner')
    except ValueError:
        try:
            raise TypeError('second')
        except TypeError as t:
            return repr(t.__context__)
print(nested())
try:
    try:
        raise ValueError(1)
    finally:
        print('cleanup')
except ValueError as e:
    print('outer got', e)
x = 0
try:
    x = 1
except Exception:
    x = 2
else:
    x = 3
finally:
    x += 10
print(x)
print(issubclass(KeyError, LookupError), issubclass(ZeroDivisionError, ArithmeticError), issubclass(StopIteration, Exception), issubclass(KeyboardInterrupt, Exception))
e = ValueError('x')
e.add_note('note1') if hasattr(e, 'add_note') else None
print(getattr(e, '__notes__', None))
try:
    raise ValueError
except ValueError as e:
    print(repr(e), e.args)
try:
    raise
except RuntimeError as e:
    print(type(e).__name__, e)
def gen_exc():
    try:
        yield 1
    except Exception as e:
        print('gen saw', type(e).__name__)
        raise
print(sys.exc_info()[0])
