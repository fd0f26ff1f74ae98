class Node:
    __slots__ = ("key", "left", "right")
    def __init__(self, key):
        self.key = key
        self.left = self.right = None
class BST:
    def __init__(self):
        self.root = None
        self.size = 0
    def insert(self, key):
        if self.root is None:
            self.root = Node(key)
            self.size += 1
            return True
        n = self.root
        while True:
            if key == n.key:
                return False
            side = "left" if key < n.key else "right"
            nxt = getattr(n, side)
            if nxt is None:
                setattr(n, side, Node(key))
                self.size += 1
                return True
            n = nxt
    def __contains__(self, key):
        n = self.root
        while n:
            if key == n.key:
                return True
            n = n.left if key < n.key else n.right
        return False
    def __iter__(self):
        stack, n = [], self.root
        while stack or n:
            while n:
                stack.append(n)
                n = n.left
            n = stack.pop()
            yield n.key
            n = n.right
    def height(self, n="root"):
        if n == "root":
            n = self.root
        if n is None:
            return 0
        return 1 + max(self.height(n.left), self.height(n.right))
    def delete(self, key):
        def rec(n, key):
            if n is None:
                raise KeyError(key)
            if key < n.key:
                n.left = rec(n.left, key)
            elif key > n.key:
                n.right = rec(n.right, key)
            else:
                if n.left is None:
                    return n.right
                if n.right is None:
                    return n.left
                m = n.right
                while m.left:
                    m = m.left
                n.key = m.key
                n.right = rec(n.right, m.key)
            return n
        self.root = rec(self.root, key)
        self.size -= 1
t = BST()
vals = [50, 30, 70, 20, 40, 60, 80, 35, 45, 65, 30, 50]
print([t.insert(v) for v in vals])
print(list(t), t.size, t.height())
print(35 in t, 36 in t)
for k in [20, 30, 50, 99]:
    try:
        t.delete(k)
        print("deleted", k, list(t))
    except KeyError as e:
        print("KeyError", e)
print(t.size, t.height(), t.root.key)
