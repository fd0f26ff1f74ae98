class Tree:
    def __init__(self, v, *children):
        self.v = v
        self.children = children
    def __iter__(self):
        yield self.v
        for c in self.children:
            yield from c
    def depth_first(self, depth=0):
        yield depth, self.v
        for c in self.children:
            yield from c.depth_first(depth + 1)
t = Tree(1, Tree(2, Tree(4)), Tree(3, Tree(5), Tree(6)))
print(list(t))
for d, v in t.depth_first():
    print("  " * d + str(v))
print(sum(t), 5 in t, 9 in t)
