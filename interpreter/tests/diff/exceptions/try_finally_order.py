def order():
    log = []
    try:
        log.append("try")
    except Exception:
        log.append("except")
    else:
        log.append("else")
    finally:
        log.append("finally")
    return log
print(order())
def override():
    try:
        raise ValueError("lost")
    finally:
        return "finally wins"
print(override())
def nested_exc():
    try:
        try:
            raise ValueError("inner")
        finally:
            print("inner finally")
    except ValueError as e:
        print("outer caught", e)
nested_exc()
def exc_in_except():
    try:
        try:
            1 / 0
        except ZeroDivisionError:
            raise KeyError("during")
    except KeyError as e:
        print(repr(e), repr(e.__context__))
exc_in_except()
def reraise():
    try:
        raise ValueError("orig")
    except ValueError:
        try:
            raise
        except ValueError as e:
            print("reraised", e)
reraise()
class Resource:
    def __init__(self, n): self.n = n
    def __enter__(self):
        print("open", self.n); return self
    def __exit__(self, *exc):
        print("close", self.n, exc[0].__name__ if exc[0] else None)
        return False
def use():
    with Resource(1) as r1:
        with Resource(2):
            return r1.n
print(use())
