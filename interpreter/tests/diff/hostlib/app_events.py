from collections import defaultdict
from contextlib import contextmanager
import functools

class EventBus:
    def __init__(self):
        self._handlers = defaultdict(list)
        self._history = []

    def on(self, event, *, priority=0):
        def register(fn):
            self._handlers[event].append((priority, fn))
            self._handlers[event].sort(key=lambda p: -p[0])
            return fn
        return register

    def off(self, event, fn):
        before = len(self._handlers[event])
        self._handlers[event] = [(p, f) for p, f in self._handlers[event] if f is not fn]
        return before - len(self._handlers[event])

    def emit(self, event, *args, **kwargs):
        self._history.append(event)
        results = []
        for _, fn in self._handlers.get(event, []):
            try:
                r = fn(*args, **kwargs)
            except StopPropagation as s:
                results.append(f"stopped:{s}")
                break
            except Exception as e:
                results.append(f"{type(e).__name__}:{e}")
            else:
                results.append(r)
        return results

    @contextmanager
    def listening(self, event, fn):
        self._handlers[event].append((0, fn))
        try:
            yield self
        finally:
            self.off(event, fn)

class StopPropagation(Exception):
    pass

bus = EventBus()

@bus.on("save", priority=10)
def validate(doc):
    if not doc.get("title"):
        raise ValueError("missing title")
    return "valid"

@bus.on("save")
def store(doc):
    return f"stored {doc['title']}"

@bus.on("save", priority=5)
def audit(doc, user="anon"):
    return f"audit by {user}"

print(bus.emit("save", {"title": "Doc"}))
print(bus.emit("save", {"title": ""}))
print(bus.emit("save", {"title": "X"}, user="ann"))

def guard(doc, **kw):
    raise StopPropagation("locked")
bus.on("save", priority=100)(guard)
print(bus.emit("save", {"title": "Y"}))
print(bus.off("save", guard), bus.emit("nothing"))

log = []
with bus.listening("tick", lambda n: log.append(n) or n * 2) as b:
    print(b.emit("tick", 1), b.emit("tick", 2))
print(bus.emit("tick", 3), log, bus._history)

class Observable:
    def __init__(self):
        self._obs = []
    def subscribe(self, fn):
        self._obs.append(fn)
        return lambda: self._obs.remove(fn)
    def __setattr__(self, name, value):
        old = self.__dict__.get(name, "<unset>")
        super().__setattr__(name, value)
        if not name.startswith("_"):
            for fn in list(self._obs):
                fn(name, old, value)

o = Observable()
unsub = o.subscribe(lambda n, a, b: print(f"{n}: {a} -> {b}"))
o.x = 1
o.x = 2
unsub()
o.x = 3
print(o.x, vars(o).keys() - {"_obs"})
partial_emit = functools.partial(bus.emit, "save")
print(partial_emit({"title": "P"}), partial_emit.func.__name__, partial_emit.args)
