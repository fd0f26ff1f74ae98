def classify(exc):
    try:
        raise exc
    except (TypeError, ValueError) as e:
        return "tuple-match " + type(e).__name__
    except LookupError as e:
        return "base-match " + type(e).__name__
    except BaseException as e:
        return "base " + type(e).__name__
for exc in [TypeError(), ValueError(), KeyError(), IndexError(), KeyboardInterrupt(), SystemExit(), ArithmeticError()]:
    print(classify(exc))
handlers = (ZeroDivisionError, OverflowError)
try:
    1 % 0
except handlers as e:
    print("dynamic tuple:", type(e).__name__)
try:
    raise KeyError
except:
    print("bare except")
