class Key:
    def __init__(self, k):
        self.k = k
    def __hash__(self):
        print("hash", self.k)
        return hash(self.k)
    def __eq__(self, o):
        print("eq", self.k, o.k)
        return self.k == o.k
d = {}
d[Key(1)] = "one"
print(d[Key(1)])
s = {Key(2)}
print(Key(2) in s)
print(hash(Key(3)) == hash(3))
class Unhashable:
    __hash__ = None
try:
    hash(Unhashable())
except TypeError as e:
    print("TypeError:", e)
try:
    {[1]: 2}
except TypeError as e:
    print("TypeError:", e)
print(hash(1) == hash(1.0) == hash(True))
print(hash((1, 2)) == hash((1, 2)), hash("a") == hash("a"))
