class Base:
    def run(self):
        raise NotImplementedError
class Impl(Base):
    def run(self):
        return "ran"
for obj in [Base(), Impl()]:
    try:
        print(obj.run())
    except NotImplementedError as e:
        print("NotImplementedError", repr(e))
print(NotImplemented, type(NotImplemented).__name__, bool(NotImplemented) if False else "")
def validate(age):
    assert isinstance(age, int), "age must be int"
    assert 0 <= age < 150, f"age out of range: {age}"
    return age
for a in [30, 200, "x"]:
    try:
        print(validate(a))
    except AssertionError as e:
        print("AssertionError:", e)
