graph = {
    "A": {"B": 4, "C": 2},
    "B": {"C": 5, "D": 10},
    "C": {"E": 3},
    "D": {"F": 11},
    "E": {"D": 4},
    "F": {},
}
def dijkstra(g, src):
    dist = {n: float("inf") for n in g}
    prev = {}
    dist[src] = 0
    todo = set(g)
    while todo:
        u = min(sorted(todo), key=lambda n: dist[n])
        todo.remove(u)
        for v, w in g[u].items():
            if dist[u] + w < dist[v]:
                dist[v] = dist[u] + w
                prev[v] = u
    return dist, prev
dist, prev = dijkstra(graph, "A")
print(dist)
def path(prev, t):
    p = [t]
    while p[-1] in prev:
        p.append(prev[p[-1]])
    return p[::-1]
print(path(prev, "F"), path(prev, "D"))
def bfs(g, s):
    seen, order, q = {s}, [], [s]
    while q:
        u = q.pop(0)
        order.append(u)
        for v in sorted(g[u]):
            if v not in seen:
                seen.add(v)
                q.append(v)
    return order
def dfs(g, s, seen=None):
    seen = seen if seen is not None else []
    seen.append(s)
    for v in sorted(g[s]):
        if v not in seen:
            dfs(g, v, seen)
    return seen
print(bfs(graph, "A"), dfs(graph, "A"))
def topo(g):
    indeg = {n: 0 for n in g}
    for u in g:
        for v in g[u]:
            indeg[v] += 1
    ready = sorted(n for n in g if indeg[n] == 0)
    out = []
    while ready:
        n = ready.pop(0)
        out.append(n)
        for v in sorted(g[n]):
            indeg[v] -= 1
            if indeg[v] == 0:
                ready.append(v)
        ready.sort()
    return out
print(topo(graph))
