class Stack:
    def __init__(self):
        self._items = []
    def push(self, x):
        self._items.append(x)
        return self
    def pop(self):
        if not self._items:
            raise IndexError("pop from empty stack")
        return self._items.pop()
    def __len__(self):
        return len(self._items)
    def __bool__(self):
        return bool(self._items)
    def __repr__(self):
        return f"Stack({self._items})"
s = Stack().push(1).push(2).push(3)
print(s, len(s))
while s:
    print(s.pop())
try:
    s.pop()
except IndexError as e:
    print("IndexError:", e)
class Queue:
    def __init__(self):
        self.inbox, self.outbox = [], []
    def put(self, x):
        self.inbox.append(x)
    def get(self):
        if not self.outbox:
            while self.inbox:
                self.outbox.append(self.inbox.pop())
        return self.outbox.pop()
q = Queue()
for i in range(4):
    q.put(i)
print(q.get(), q.get())
q.put(10)
print(q.get(), q.get(), q.get())
