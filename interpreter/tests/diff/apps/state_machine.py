class TrafficLight:
    TRANSITIONS = {
        ("red", "timer"): "green",
        ("green", "timer"): "yellow",
        ("yellow", "timer"): "red",
        ("red", "emergency"): "red",
        ("green", "emergency"): "red",
        ("yellow", "emergency"): "red",
        ("off", "power"): "red",
    }
    def __init__(self):
        self.state = "off"
        self.history = []
        self.entered = {}
    def fire(self, event):
        key = (self.state, event)
        if key not in self.TRANSITIONS:
            raise ValueError(f"invalid event {event!r} in state {self.state!r}")
        old = self.state
        self.state = self.TRANSITIONS[key]
        self.history.append((old, event, self.state))
        self.entered[self.state] = self.entered.get(self.state, 0) + 1
        return self.state
tl = TrafficLight()
for ev in ["power", "timer", "timer", "emergency", "timer", "timer", "timer", "timer"]:
    print(f"{ev:>10} -> {tl.fire(ev)}")
try:
    tl.fire("power")
except ValueError as e:
    print("ValueError:", e)
print(tl.entered)
print(len(tl.history), tl.history[-1])
def parse_number(text):
    state = "start"
    for ch in text:
        if state == "start":
            state = "sign" if ch in "+-" else "int" if ch.isdigit() else "error"
        elif state in ("sign", "int"):
            state = "int" if ch.isdigit() else "dot" if ch == "." and state == "int" else "error"
        elif state in ("dot", "frac"):
            state = "frac" if ch.isdigit() else "error"
        if state == "error":
            return False
    return state in ("int", "frac")
for t in ["42", "-7", "3.14", "+.5", "1.", "abc", "", "12.3.4", "-0.001"]:
    print(repr(t), parse_number(t))
