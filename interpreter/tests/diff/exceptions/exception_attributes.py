try:
    raise OSError(2, "No such file")
except OSError as e:
    print(e.errno, e.strerror, e, e.args)
try:
    {}["key"]
except KeyError as e:
    print(repr(e), str(e), e.args)
try:
    raise StopIteration(42)
except StopIteration as e:
    print(e.value, e.args)
try:
    import nonexistent_module_xyz
except ImportError as e:
    print(type(e).__name__, e.name if hasattr(e, "name") else "")
e = Exception("msg", 1)
print(e.args, len(e.args), str(e))
try:
    raise SystemExit(3)
except SystemExit as e:
    print("SystemExit code", e.code)
class E(Exception):
    def __init__(self, a, b):
        super().__init__(a)
        self.b = b
x = E("first", "second")
print(x.args, x.b, str(x))
err = ValueError("x")
err.extra = "attached"
print(err.extra)
print(isinstance(err, Exception), BaseException in type(err).__mro__)
