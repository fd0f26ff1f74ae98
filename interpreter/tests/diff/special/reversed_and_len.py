class Seq:
    def __init__(self, *items):
        self.items = items
    def __len__(self):
        return len(self.items)
    def __getitem__(self, i):
        return self.items[i]
print(list(reversed(Seq(1, 2, 3))))
class Rev:
    def __reversed__(self):
        return iter("custom")
print(list(reversed(Rev())))
print(list(reversed(range(4))), list(reversed("abc")), list(reversed([1, 2])))
try:
    reversed(5)
except TypeError as e:
    print("TypeError:", e)
try:
    reversed({1, 2})
except TypeError as e:
    print("TypeError:", e)
