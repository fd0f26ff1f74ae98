# Bank-account style app: exceptions classes, context managers, class/static methods, formatting.
class InsufficientFunds(Exception):
    def __init__(self, need, have):
        super().__init__(f'need {need}, have {have}')
        self.need, self.have = need, have
class Account:
    _next_id = 1
    def __init__(self, owner, balance=0):
        self.id = Account._next_id; Account._next_id += 1
        self.owner, self.balance, self.history = owner, balance, []
    def deposit(self, amt):
        if amt <= 0:
            raise ValueError('amount must be positive')
        self.balance += amt; self.history.append(('dep', amt)); return self
    def withdraw(self, amt):
        if amt > self.balance:
            raise InsufficientFunds(amt, self.balance)
        self.balance -= amt; self.history.append(('wd', amt)); return self
    @classmethod
    def from_csv(cls, line):
        owner, bal = line.split(',')
        return cls(owner.strip(), int(bal))
    def __repr__(self):
        return f'Account(#{self.id}, {self.owner!r}, {self.balance:,})'
class Transaction:
    def __init__(self, *accts): self.accts = accts
    def __enter__(self):
        self.saved = [(a.balance, list(a.history)) for a in self.accts]; return self
    def __exit__(self, et, ev, tb):
        if et is not None:
            for a, (b, h) in zip(self.accts, self.saved):
                a.balance, a.history = b, h
            print('rolled back:', et.__name__, ev)
        return et is InsufficientFunds
a = Account.from_csv(' alice , 1000'); b = Account('bob')
a.deposit(500).withdraw(200)
print(a, b)
with Transaction(a, b):
    a.withdraw(300); b.deposit(300)
print(a, b)
with Transaction(a, b):
    b.deposit(5000); a.withdraw(5000)
print(a, b, a.history)
try:
    with Transaction(a):
        a.deposit(-1)
except ValueError as e:
    print('escaped', e)
try:
    b.withdraw(10**6)
except InsufficientFunds as e:
    print(e, e.need - e.have, isinstance(e, Exception), e.args)
report = '\n'.join(f'{acc.owner:<8}|{acc.balance:>10,.2f}|{len(acc.history):^5}|' for acc in (a, b))
print(report)
print('%-6s %6.1f%%' % ('rate', 12.345), '{:>{w}.{p}f}'.format(3.14159, w=8, p=2))
