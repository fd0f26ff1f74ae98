class Task:
    def __init__(self, name, priority, duration):
        self.name, self.priority, self.remaining = name, priority, duration
        self.started = None
        self.finished = None
    def __lt__(self, other):
        return (self.priority, self.name) < (other.priority, other.name)
    def __repr__(self):
        return f"{self.name}(p{self.priority}, {self.remaining} left)"
class Heap:
    def __init__(self):
        self.a = []
    def push(self, x):
        a = self.a
        a.append(x)
        i = len(a) - 1
        while i > 0:
            p = (i - 1) // 2
            if a[i] < a[p]:
                a[i], a[p] = a[p], a[i]
                i = p
            else:
                break
    def pop(self):
        a = self.a
        top = a[0]
        last = a.pop()
        if a:
            a[0] = last
            i = 0
            while True:
                l, r, m = 2 * i + 1, 2 * i + 2, i
                if l < len(a) and a[l] < a[m]:
                    m = l
                if r < len(a) and a[r] < a[m]:
                    m = r
                if m == i:
                    break
                a[i], a[m] = a[m], a[i]
                i = m
        return top
    def __len__(self):
        return len(self.a)
arrivals = {0: [Task("boot", 0, 2), Task("log", 5, 3)], 1: [Task("net", 2, 4)], 3: [Task("irq", 0, 1)], 6: [Task("ui", 3, 2)]}
ready = Heap()
clock = 0
timeline = []
done = []
QUANTUM = 2
while clock < 30 and (ready or any(t >= clock for t in arrivals)):
    for t in arrivals.get(clock, []):
        ready.push(t)
    if not ready:
        clock += 1
        timeline.append("-")
        continue
    task = ready.pop()
    if task.started is None:
        task.started = clock
    run = min(QUANTUM, task.remaining)
    for _ in range(run):
        timeline.append(task.name[0])
        clock += 1
        for t in arrivals.get(clock, []):
            ready.push(t)
    task.remaining -= run
    if task.remaining:
        ready.push(task)
    else:
        task.finished = clock
        done.append(task)
print("".join(timeline))
for t in done:
    print(f"{t.name:5} start={t.started:2} end={t.finished:2} turnaround={t.finished - t.started}")
