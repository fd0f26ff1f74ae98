import json
from abc import ABC, abstractmethod
from datetime import date, timedelta
from fractions import Fraction

class Account(ABC):
    _next_id = 1
    interest = Fraction(0)

    def __init__(self, owner, balance=0):
        self.id = Account._next_id
        Account._next_id += 1
        self.owner = owner
        self._balance = Fraction(balance)
        self.history = []

    @property
    def balance(self):
        return float(self._balance)

    @abstractmethod
    def kind(self): ...

    def deposit(self, amount, when=None):
        if amount <= 0:
            raise ValueError(f"invalid amount {amount!r}")
        self._balance += Fraction(str(amount))
        self.history.append(("dep", str(amount), (when or date(2024, 1, 1)).isoformat()))
        return self

    def withdraw(self, amount):
        amt = Fraction(str(amount))
        if amt > self._balance:
            raise InsufficientFunds(self, amt - self._balance)
        self._balance -= amt
        self.history.append(("wd", str(amount), None))
        return self

    def accrue(self, months=1):
        for _ in range(months):
            self._balance += self._balance * self.interest / 12
        return round(self.balance, 2)

    def __repr__(self):
        return f"<{type(self).__name__} #{self.id} {self.owner}: {self.balance:,.2f}>"

    def to_json(self):
        return json.dumps({"id": self.id, "owner": self.owner, "kind": self.kind(),
                           "balance": str(self._balance), "history": self.history}, sort_keys=True)

class Checking(Account):
    def kind(self):
        return "checking"

class Savings(Account):
    interest = Fraction(5, 100)
    def kind(self):
        return "savings"
    def withdraw(self, amount):
        if len([h for h in self.history if h[0] == "wd"]) >= 2:
            raise PermissionError("withdrawal limit reached")
        return super().withdraw(amount)

class InsufficientFunds(Exception):
    def __init__(self, account, short):
        self.account, self.short = account, short
        super().__init__(f"{account.owner} is short by {float(short):.2f}")

accts = [Checking("ann", 100), Savings("bob", "2500.50"), Checking("cy")]
accts[0].deposit(25.5).withdraw(10)
accts[2].deposit(1e3, date(2024, 2, 29) + timedelta(days=1))
for a in accts:
    print(a, a.kind())
try:
    accts[0].withdraw(1000)
except InsufficientFunds as e:
    print("InsufficientFunds:", e, e.short)
s = accts[1]
s.withdraw(1).withdraw(2)
try:
    s.withdraw(3)
except PermissionError as e:
    print("PermissionError:", e)
print(s.accrue(12), s.balance)
try:
    Account("x")
except TypeError as e:
    print("TypeError:", e)
try:
    accts[2].deposit(-5)
except ValueError as e:
    print("ValueError:", e)
data = [json.loads(a.to_json()) for a in accts]
print(data[0])
print(json.dumps(data[2], indent=2))
total = sum(Fraction(d["balance"]) for d in data)
print(total, float(total), f"{float(total):>15,.3f}", sorted(accts, key=lambda a: -a.balance))
print(max(accts, key=lambda a: a.balance).owner, {a.kind() for a in accts} == {"checking", "savings"})
