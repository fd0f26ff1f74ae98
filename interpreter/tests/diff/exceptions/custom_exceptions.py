class AppError(Exception):
    pass
class ValidationError(AppError):
    def __init__(self, field, msg):
        super().__init__(f"{field}: {msg}")
        self.field = field
class NotFound(AppError):
    code = 404
    def __str__(self):
        return f"not found ({self.code}): {self.args[0]}"
def check(v):
    if v is None:
        raise NotFound("thing")
    if v < 0:
        raise ValidationError("v", "must be >= 0")
    return v
for v in [1, -1, None]:
    try:
        print(check(v))
    except ValidationError as e:
        print("validation", e.field, e, e.args)
    except AppError as e:
        print("app error", type(e).__name__, e, e.code)
e = AppError("a", "b", 3)
print(e.args, str(e), repr(e))
print(str(AppError()), repr(AppError()), str(AppError("only")), repr(AppError("only")))
class WithRepr(Exception):
    def __repr__(self):
        return "WithRepr!"
print(repr(WithRepr()), str(WithRepr("x")))
