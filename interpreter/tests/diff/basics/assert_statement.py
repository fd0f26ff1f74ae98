assert True
assert 1 == 1, "never shown"
try:
    assert 1 == 2
except AssertionError as e:
    print("AssertionError args:", e.args)
try:
    assert False, "custom message"
except AssertionError as e:
    print("caught:", e)
try:
    assert [], ["list", "message"]
except AssertionError as e:
    print(type(e).__name__, e.args[0])
def check(x):
    assert x > 0, f"x must be positive, got {x}"
    return x * 2
print(check(3))
try:
    check(-1)
except AssertionError as e:
    print(e)
