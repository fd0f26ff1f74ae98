excs = [ZeroDivisionError, KeyError, IndexError, TypeError, ValueError, AttributeError, NameError,
        UnboundLocalError, StopIteration, RecursionError, NotImplementedError, OverflowError,
        AssertionError, ImportError, ModuleNotFoundError, LookupError, ArithmeticError, RuntimeError,
        KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError, OSError, EOFError, UnicodeError,
        UnicodeDecodeError, StopAsyncIteration, FileNotFoundError, TimeoutError, IndentationError, SyntaxError]
for e in excs:
    chain = [c.__name__ for c in e.__mro__]
    print(e.__name__, "->", " > ".join(chain[1:]))
print(issubclass(KeyError, LookupError), issubclass(ZeroDivisionError, ArithmeticError))
print(issubclass(KeyboardInterrupt, Exception), issubclass(KeyboardInterrupt, BaseException))
print(issubclass(bool, int), issubclass(ModuleNotFoundError, ImportError))
