class Tracker:
    depth = 0
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow
    def __enter__(self):
        Tracker.depth += 1
        print("  " * Tracker.depth + "enter " + self.name)
        return self
    def __exit__(self, et, ev, tb):
        print("  " * Tracker.depth + f"exit {self.name} ({et.__name__ if et else 'ok'})")
        Tracker.depth -= 1
        return self.swallow
with Tracker("outer"):
    with Tracker("inner", swallow=True):
        raise KeyError("x")
    print("after inner")
try:
    with Tracker("a"), Tracker("b"):
        raise RuntimeError("both exit")
except RuntimeError as e:
    print("caught", e)
class ExitRaises:
    def __enter__(self):
        return 1
    def __exit__(self, *a):
        raise ValueError("from exit")
try:
    with ExitRaises() as v:
        print("v =", v)
except ValueError as e:
    print("ValueError:", e, type(e.__context__))
try:
    with 5:
        pass
except (TypeError, AttributeError) as e:
    print(type(e).__name__)
