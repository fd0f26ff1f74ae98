# Vending machine state machine with enums, exceptions and a transition table.
from enum import Enum, auto


class State(Enum):
    IDLE = auto()
    HAS_COIN = auto()
    VENDING = auto()
    OUT_OF_ORDER = auto()


class Event(Enum):
    COIN = "coin"
    PUSH = "push"
    DONE = "done"
    KICK = "kick"


class TransitionError(Exception):
    def __init__(self, state, event):
        super().__init__(f"no transition from {state.name} on {event.value}")
        self.state = state
        self.event = event


class Machine:
    table = {
        (State.IDLE, Event.COIN): State.HAS_COIN,
        (State.HAS_COIN, Event.PUSH): State.VENDING,
        (State.VENDING, Event.DONE): State.IDLE,
    }

    def __init__(self, stock):
        self.state = State.IDLE
        self.stock = stock
        self.log = []
        self.coins = 0

    def fire(self, event):
        if event is Event.KICK:
            self.state = State.OUT_OF_ORDER
            raise RuntimeError("machine broken")
        key = (self.state, event)
        if key not in self.table:
            raise TransitionError(self.state, event)
        new = self.table[key]
        if new is State.VENDING:
            if self.stock <= 0:
                raise TransitionError(self.state, event)
            self.stock -= 1
        if event is Event.COIN:
            self.coins += 1
        self.log.append((self.state.name, event.name, new.name))
        self.state = new
        return new

    def __repr__(self):
        return f"Machine(state={self.state}, stock={self.stock}, coins={self.coins})"


m = Machine(stock=2)
script = [Event.COIN, Event.PUSH, Event.DONE, Event.PUSH, Event.COIN, Event.COIN,
          Event.PUSH, Event.DONE, Event.COIN, Event.PUSH, Event.KICK, Event.COIN]
for ev in script:
    try:
        res = m.fire(ev)
        print(f"{ev.value:>5} -> {res.name}")
    except TransitionError as e:
        print(f"{ev.value:>5} !! {e} ({e.state!r}, {e.event!s})")
    except RuntimeError as e:
        print("broken:", e, repr(m))
print(m)
print(len(m.log), m.log[-1])
print(State.IDLE, repr(State.IDLE), State(1), State["VENDING"], Event("push"))
print([s.name for s in State], len(State), State.IDLE in State)
print(State.IDLE.value, Event.COIN.value, State.IDLE == 1, State.IDLE is State(1))
try:
    Event("bogus")
except ValueError as e:
    print("ValueError", e)
try:
    State["NOPE"]
except KeyError as e:
    print("KeyError", e)
print(sorted(State, key=lambda s: -s.value)[0])
print({s: s.value for s in State}[State.VENDING])
print(hash(State.IDLE) == hash(State.IDLE), isinstance(State.IDLE, State), type(State.IDLE).__name__)
