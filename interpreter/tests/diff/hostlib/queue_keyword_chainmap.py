import queue, keyword
from collections import ChainMap, deque
q = queue.Queue()
for i in range(5):
    q.put(i * i)
print(q.qsize(), q.empty(), q.full(), [q.get() for _ in range(3)], q.get_nowait(), q.qsize())
q.get(); q.task_done(); q.task_done()
try:
    q.get_nowait()
except queue.Empty:
    print("empty")
try:
    q.get(timeout=0.01)
except queue.Empty as e:
    print("Empty", repr(e))
b = queue.Queue(maxsize=2)
b.put("a"); b.put_nowait("b")
print(b.full())
try:
    b.put("c", block=False)
except queue.Full:
    print("full")
lq = queue.LifoQueue()
pq = queue.PriorityQueue()
for item in [(3, "c"), (1, "a"), (2, "b")]:
    lq.put(item); pq.put(item)
print([lq.get() for _ in range(3)], [pq.get() for _ in range(3)])
sq = queue.SimpleQueue()
sq.put(1); sq.put(2)
print(sq.get(), sq.qsize(), sq.empty())
print(issubclass(queue.Empty, Exception), queue.Full.__name__)
try:
    q.task_done()
except ValueError as e:
    print(e)
# keyword
print(len(keyword.kwlist), keyword.kwlist[:5], keyword.softkwlist)
print([w for w in ["if", "match", "print", "None", "async", "case", "_"] if keyword.iskeyword(w)])
print([w for w in ["if", "match", "print", "case", "_"] if keyword.issoftkeyword(w)])
# ChainMap
defaults = {"color": "red", "user": "guest", "size": 1}
env = {"user": "admin"}
cli = {"size": 3}
cm = ChainMap(cli, env, defaults)
print(cm["color"], cm["user"], cm["size"], len(cm), sorted(cm), "user" in cm, cm.get("zz", "-"))
print(cm)
child = cm.new_child({"color": "blue"})
child["extra"] = 1
print(child["color"], child.parents["color"], child.maps[0], list(child.keys())[:2])
del child["extra"]
try:
    del child["user"]
except KeyError as e:
    print("KeyError", e)
print(dict(cm), cm.pop("size"), cm["size"], bool(ChainMap()), ChainMap({1: 2}) == {1: 2})
print(sorted(cm.items()), sorted(cm.values(), key=str))
d = deque(maxlen=3)
for x in range(6):
    d.append(x)
print(d)
