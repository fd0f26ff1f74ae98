def cls_deco(cls):
    cls.added = True
    return cls
@cls_deco
class K: pass
print(K.added)
def count_calls(f):
    def w(*a, **k):
        w.calls += 1
        return f(*a, **k)
    w.calls = 0
    return w
@count_calls
def f(): pass
f(); f(); print(f.calls)
class Stack:
    def __init__(self): self._items = []
    def push(self, x): self._items.append(x); return self
    def pop(self):
        if not self._items: raise IndexError("pop from empty stack")
        return self._items.pop()
    def __len__(self): return len(self._items)
    def __repr__(self): return f"Stack({self._items})"
s = Stack().push(1).push(2); print(s, len(s), s.pop(), s)
try: Stack().pop()
except IndexError as e: print(e)
class Account:
    interest = 0.02
    def __init__(self, owner, balance=0):
        self.owner = owner; self.balance = balance
    def deposit(self, amt):
        if amt <= 0: raise ValueError("Deposit must be positive")
        self.balance += amt
    def __str__(self): return f"{self.owner}: ${self.balance:,.2f}"
class Savings(Account):
    interest = 0.05
    def add_interest(self): self.balance *= 1 + self.interest
a = Savings("Ann", 1000); a.deposit(500); a.add_interest(); print(a, Account.interest, a.interest)
try: a.deposit(-5)
except ValueError as e: print(f"Error: {e}")
a.interest = 0.1; print(a.interest, Savings.interest, vars(a))
print(getattr(a, "owner"), getattr(a, "x", "def"), hasattr(a, "deposit"), type(a).__name__, a.__class__.__name__, a.__dict__)
