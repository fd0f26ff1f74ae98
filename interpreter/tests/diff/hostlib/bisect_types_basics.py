# bisect and types (host-only modules), the host-only builtin exception classes and exit().
import bisect
import types

a = [1, 3, 5, 7, 9]
print(bisect.bisect_left(a, 5), bisect.bisect_right(a, 5), bisect.bisect(a, 0), bisect.bisect(a, 10))
bisect.insort(a, 4)
bisect.insort_left(a, 9)
print(a, bisect.bisect_left(a, 5, 2, 4), bisect.bisect_right(a, 9, lo=1))
recs = [(1, "a"), (3, "c"), (5, "e")]
print(bisect.bisect_left(recs, 3, key=lambda r: r[0]))
bisect.insort(recs, (4, "d"), key=lambda r: r[0])
print(recs)
grades = "FDCBA"
print([grades[bisect.bisect([60, 70, 80, 90], s)] for s in [33, 99, 77, 70, 89, 90, 100]])
try:
    bisect.bisect(a, 1, -1)
except ValueError as e:
    print("ValueError:", e)
ns = types.SimpleNamespace(x=1, y="two")
ns.z = [3]
print(ns, ns.x, ns == types.SimpleNamespace(x=1, y="two", z=[3]))


def f():
    yield 1


print(isinstance(f, types.FunctionType), isinstance(f(), types.GeneratorType), isinstance(types, types.ModuleType))
print(isinstance(len, types.BuiltinFunctionType), isinstance(lambda: 0, types.LambdaType), type(None) is types.NoneType)
for cls in [BrokenPipeError, ConnectionResetError, ConnectionRefusedError, ConnectionAbortedError, BlockingIOError, ChildProcessError, InterruptedError, ProcessLookupError, ReferenceError, SystemError, UnicodeTranslateError, SyntaxWarning, FutureWarning, ImportWarning, PendingDeprecationWarning, ResourceWarning, BytesWarning, UnicodeWarning, EncodingWarning]:
    print(cls.__name__, [c.__name__ for c in cls.__mro__[1:]])
try:
    raise BrokenPipeError("pipe")
except ConnectionError as e:
    print(type(e).__name__, e)
try:
    exit(3)
except SystemExit as e:
    print("exit", e.code)
try:
    quit()
except SystemExit as e:
    print("quit", e.code)
