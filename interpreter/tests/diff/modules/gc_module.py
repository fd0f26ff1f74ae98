import gc
gc.collect()
print(gc.isenabled())
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled())
class Node:
    def __init__(self):
        self.other = None
        self.payload = [0] * 100
for i in range(20000):
    a, b = Node(), Node()
    a.other, b.other = b, a
gc.collect()
print("cycles survived collection pressure")
big = []
for i in range(200):
    big.append(list(range(1000)))
del big
gc.collect()
print("done")
