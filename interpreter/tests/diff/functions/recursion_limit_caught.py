import sys
def down(n):
    return down(n + 1)
try:
    down(0)
except RecursionError as e:
    print("RecursionError caught:", type(e).__name__, isinstance(e, RuntimeError))
def ok(n):
    return 0 if n == 0 else 1 + ok(n - 1)
print(ok(200))
class R:
    def __repr__(self):
        return repr(self)
try:
    repr(R())
except RecursionError:
    print("recursive __repr__ caught")
print("still alive")
