class Node:
    __slots__ = ("key", "val", "prev", "next")
    def __init__(self, key=None, val=None):
        self.key, self.val = key, val
        self.prev = self.next = None
class LRU:
    def __init__(self, cap):
        self.cap = cap
        self.map = {}
        self.head, self.tail = Node(), Node()
        self.head.next, self.tail.prev = self.tail, self.head
        self.hits = self.misses = 0
    def _unlink(self, n):
        n.prev.next, n.next.prev = n.next, n.prev
    def _front(self, n):
        n.next, n.prev = self.head.next, self.head
        self.head.next.prev = n
        self.head.next = n
    def get(self, key):
        n = self.map.get(key)
        if n is None:
            self.misses += 1
            return None
        self.hits += 1
        self._unlink(n)
        self._front(n)
        return n.val
    def put(self, key, val):
        if key in self.map:
            n = self.map[key]
            n.val = val
            self._unlink(n)
            self._front(n)
            return
        if len(self.map) >= self.cap:
            lru = self.tail.prev
            self._unlink(lru)
            del self.map[lru.key]
        n = Node(key, val)
        self.map[key] = n
        self._front(n)
    def keys(self):
        out, n = [], self.head.next
        while n is not self.tail:
            out.append(n.key)
            n = n.next
        return out
c = LRU(3)
for k in "abcab":
    c.put(k, k.upper())
print(c.keys())
print(c.get("a"), c.get("z"), c.keys())
c.put("d", "D")
print(c.keys(), c.get("b"), c.get("c"))
for i in range(100):
    c.put(i % 7, i)
    c.get((i * 3) % 7)
print(c.keys(), c.hits, c.misses)
