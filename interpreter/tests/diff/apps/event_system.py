class EventBus:
    def __init__(self):
        self.handlers = {}
    def on(self, name, priority=0):
        def register(fn):
            self.handlers.setdefault(name, []).append((priority, fn))
            self.handlers[name].sort(key=lambda p: -p[0])
            return fn
        return register
    def emit(self, name, **payload):
        results = []
        for prio, fn in self.handlers.get(name, []):
            try:
                r = fn(**payload)
            except Exception as e:
                results.append(f"{fn.__name__} failed: {type(e).__name__}: {e}")
                continue
            if r == "stop":
                results.append(f"{fn.__name__} stopped propagation")
                break
            results.append(r)
        return results
bus = EventBus()
@bus.on("login", priority=10)
def audit(user, **_):
    return f"audit {user}"
@bus.on("login")
def greet(user, admin=False):
    return f"hello {user}" + (" (admin)" if admin else "")
@bus.on("login", priority=5)
def block_banned(user, **_):
    if user == "mallory":
        return "stop"
    return "ok"
@bus.on("divide")
def divide(a, b):
    return a / b
print(bus.emit("login", user="alice"))
print(bus.emit("login", user="root", admin=True))
print(bus.emit("login", user="mallory"))
print(bus.emit("divide", a=1, b=0), bus.emit("divide", a=9, b=3))
print(bus.emit("nothing"))
print({k: [f.__name__ for _, f in v] for k, v in bus.handlers.items()})
