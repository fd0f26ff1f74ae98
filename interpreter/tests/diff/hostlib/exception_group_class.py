def t(f):
    try: r = f(); print("ok", repr(r), type(r).__name__)
    except Exception as e: print(type(e).__name__, e)
t(lambda: ExceptionGroup(1, [ValueError()]))
t(lambda: ExceptionGroup("m", ValueError()))
t(lambda: ExceptionGroup("m", []))
t(lambda: ExceptionGroup("m", [1]))
t(lambda: ExceptionGroup("m", [KeyboardInterrupt()]))
t(lambda: BaseExceptionGroup("m", [KeyboardInterrupt()]))
t(lambda: BaseExceptionGroup("m", [ValueError()]))
t(lambda: BaseExceptionGroup("m", (ValueError(), KeyboardInterrupt())))
t(lambda: ExceptionGroup("m"))
t(lambda: ExceptionGroup("m", [ValueError()], 3))
t(lambda: ExceptionGroup(message="m", exceptions=[ValueError()]))
t(lambda: ExceptionGroup("m", (x for x in [ValueError()])))
t(lambda: ExceptionGroup("m", {ValueError()}))
eg = ExceptionGroup("msg", [ValueError(1), TypeError(2), ExceptionGroup("inner", [ValueError(3), KeyError(4)])])
print(str(eg), repr(eg), eg.args, eg.message, eg.exceptions)
print(repr(ExceptionGroup("m", (ValueError(),))), ExceptionGroup("m", (ValueError(),)).args)
m, r = eg.split(ValueError); print(repr(m), repr(r))
m, r = eg.split((KeyError, TypeError)); print(repr(m), repr(r))
m, r = eg.split(lambda e: isinstance(e, ValueError) and e.args[0] > 1); print(repr(m), repr(r))
print(repr(eg.subgroup(KeyError)), repr(eg.subgroup(OSError)), eg.subgroup(Exception) is eg)
print(eg.split(Exception)[0] is eg, repr(eg.split(OSError)))
t(lambda: eg.split(1))
t(lambda: eg.subgroup("x"))
print(repr(eg.derive([ValueError(9)])))
class MyEG(ExceptionGroup):
    pass
me = MyEG("mine", [ValueError(1), TypeError(2)])
print(repr(me.split(ValueError)), type(me.subgroup(TypeError)).__name__)
class MyEG2(ExceptionGroup):
    def derive(self, excs): return MyEG2(self.message + "!", excs)
m2 = MyEG2("d", [ValueError(1), TypeError(2)])
print(repr(m2.split(ValueError)))
m2.__notes__ = ["note"]
print(m2.split(ValueError)[0].__notes__)
print(isinstance(eg, Exception), issubclass(ExceptionGroup, BaseExceptionGroup), ExceptionGroup.__mro__)
print(str(BaseExceptionGroup("b", [KeyboardInterrupt()])))
t(lambda: ExceptionGroup.__new__(ExceptionGroup, "m", [KeyboardInterrupt()]))
class Sub(BaseExceptionGroup): pass
t(lambda: Sub("s", [ValueError()]))
# Notes and metadata are copied onto split parts.
base = ExceptionGroup("with notes", [ValueError("a"), KeyError("b")])
base.add_note("first note")
try:
    raise base
except ExceptionGroup as caught:
    vm, km = caught.split(ValueError)
    print(vm.__notes__, km.__notes__, vm.__traceback__ is not None)
print(isinstance(ExceptionGroup("x", [ValueError()]), BaseExceptionGroup))
print([type(e).__name__ for e in base.exceptions], len(base.exceptions))
print(type(BaseExceptionGroup("x", [ValueError()])) is ExceptionGroup)
# Raising and catching a group with plain except.
try:
    raise ExceptionGroup("top", [OSError("disk"), ValueError("bad")])
except ExceptionGroup as g:
    print("caught", g, [str(x) for x in g.exceptions])
except BaseException:
    print("wrong")
# A traceback of a group, as text.
import traceback
try:
    raise ExceptionGroup("printed", [ValueError(1), ExceptionGroup("nested", [TypeError(2)])])
except ExceptionGroup:
    text = traceback.format_exc()
print("\n".join(line for line in text.splitlines() if "File" not in line and "raise" not in line))
