class InsufficientFunds(Exception):
    def __init__(self, account, amount):
        super().__init__(f"{account.owner} cannot withdraw {amount}: balance {account.balance}")
        self.shortfall = amount - account.balance
class Account:
    next_id = 1
    def __init__(self, owner, balance=0):
        self.id = Account.next_id
        Account.next_id += 1
        self.owner = owner
        self.balance = balance
        self.log = []
    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("deposit must be positive")
        self.balance += amount
        self.log.append(("dep", amount))
    def withdraw(self, amount):
        if amount > self.balance:
            raise InsufficientFunds(self, amount)
        self.balance -= amount
        self.log.append(("wd", amount))
    def __repr__(self):
        return f"<Account #{self.id} {self.owner}: {self.balance}>"
class SavingsAccount(Account):
    def __init__(self, owner, balance=0, rate=0.02):
        super().__init__(owner, balance)
        self.rate = rate
    def add_interest(self):
        interest = round(self.balance * self.rate, 2)
        self.deposit(interest)
        return interest
class Bank:
    def __init__(self):
        self.accounts = {}
    def open(self, cls, *args, **kw):
        acc = cls(*args, **kw)
        self.accounts[acc.id] = acc
        return acc
    def transfer(self, src, dst, amount):
        a, b = self.accounts[src], self.accounts[dst]
        a.withdraw(amount)
        try:
            b.deposit(amount)
        except Exception:
            a.deposit(amount)
            raise
    def total(self):
        return sum(a.balance for a in self.accounts.values())
bank = Bank()
alice = bank.open(Account, "alice", 100)
bob = bank.open(SavingsAccount, "bob", 1000, rate=0.05)
carol = bank.open(Account, "carol")
bank.transfer(bob.id, alice.id, 250)
print(alice, bob, carol)
try:
    bank.transfer(carol.id, alice.id, 10)
except InsufficientFunds as e:
    print("failed:", e, "| shortfall", e.shortfall)
try:
    bank.transfer(alice.id, carol.id, 0)
except ValueError as e:
    print("ValueError:", e, "| alice rolled back to", alice.balance)
print("interest", bob.add_interest(), bob.balance)
for month in range(3):
    bob.add_interest()
print(bob, round(bank.total(), 2))
print(alice.log, bob.log[-2:])
ranked = sorted(bank.accounts.values(), key=lambda a: a.balance, reverse=True)
print([a.owner for a in ranked])
