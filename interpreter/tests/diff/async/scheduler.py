class Yield:
    def __await__(self):
        yield
async def worker(name, n, log):
    for i in range(n):
        log.append(f"{name}{i}")
        await Yield()
    return f"{name} finished"
def run_all(coros):
    queue = list(coros)
    results = {}
    while queue:
        c = queue.pop(0)
        try:
            c.send(None)
            queue.append(c)
        except StopIteration as e:
            results[e.value] = True
    return list(results)
log = []
print(run_all([worker("a", 3, log), worker("b", 2, log), worker("c", 1, log)]))
print(log)
