# math.floor/ceil/trunc call __floor__/__ceil__/__trunc__, give bools as ints, and raise
# CPython's errors for other types, NaN and infinity.
import math
class R:
    def __floor__(self): return "f"
    def __ceil__(self): return "c"
    def __trunc__(self): return "t"
print(math.floor(R()), math.ceil(R()), math.trunc(R()))
print(math.floor(True), math.ceil(True), math.trunc(False), math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.5), math.floor(10**20), math.ceil(2.0000001))
for bad in ["x", None, float("nan"), float("inf")]:
    for f in (math.floor, math.ceil, math.trunc):
        try: f(bad)
        except (TypeError, ValueError, OverflowError) as e: print(f.__name__, type(e).__name__, e)
class F(float): pass
print(math.floor(F(2.5)), math.ceil(F(2.5)))
