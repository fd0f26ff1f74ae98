def make_stack():
    items = []
    def push(x):
        items.append(x)
    def pop():
        return items.pop()
    def size():
        return len(items)
    return push, pop, size
push, pop, size = make_stack()
for i in range(5):
    push(i * i)
print(pop(), pop(), size())
def bank(balance):
    def deposit(x):
        nonlocal balance
        balance += x
        return balance
    def withdraw(x):
        nonlocal balance
        if x > balance:
            raise ValueError("insufficient funds")
        balance -= x
        return balance
    return deposit, withdraw
dep, wd = bank(100)
print(dep(50), wd(30))
try:
    wd(1000)
except ValueError as e:
    print(e)
