# Priority task scheduler with dataclasses, heapq, generators and exceptions.
import heapq
from dataclasses import dataclass, field
from typing import Optional


class TaskError(Exception):
    pass


class RetryLater(TaskError):
    def __init__(self, task, delay):
        super().__init__(task.name, delay)
        self.delay = delay


@dataclass(order=True)
class Task:
    priority: int
    seq: int
    name: str = field(compare=False)
    steps: int = field(default=1, compare=False)
    retries: int = field(default=0, compare=False, repr=False)
    tags: list = field(default_factory=list, compare=False)
    parent: Optional["Task"] = field(default=None, compare=False, repr=False)

    def run(self, clock):
        for i in range(self.steps):
            if "flaky" in self.tags and self.retries < 2 and i == 1:
                self.retries += 1
                raise RetryLater(self, 3)
            if "bad" in self.tags:
                raise TaskError(f"{self.name} failed at step {i}")
            yield f"{self.name}:{i}@{clock}"


class Scheduler:
    def __init__(self):
        self.queue = []
        self.counter = 0
        self.clock = 0
        self.done = []
        self.failed = {}

    def add(self, name, priority=5, **kw):
        self.counter += 1
        t = Task(priority, self.counter, name, **kw)
        heapq.heappush(self.queue, t)
        return t

    def run(self):
        while self.queue:
            task = heapq.heappop(self.queue)
            try:
                for out in task.run(self.clock):
                    self.clock += 1
                    print(" ", out)
            except RetryLater as r:
                print(f"  retry {task.name} in {r.delay} (args={r.args})")
                task.priority += r.delay
                heapq.heappush(self.queue, task)
            except TaskError as e:
                self.failed[task.name] = str(e)
                print(f"  FAILED {e!r}")
            else:
                self.done.append(task.name)
            finally:
                self.clock += 1


s = Scheduler()
s.add("backup", 3, steps=2)
s.add("email", 1)
s.add("report", 3, steps=3, tags=["flaky"])
s.add("cleanup", 9, tags=["bad"])
t = s.add("index", 2, steps=2)
print(t)
print(sorted(s.queue)[0], s.queue[0] < s.queue[-1], t == Task(2, 5, "other"))
s.run()
print("done:", s.done)
print("failed:", s.failed)
print("clock:", s.clock)
print(heapq.nsmallest(2, [5, 1, 4, 2]), heapq.nlargest(2, [5, 1, 4, 2]))
h = []
for x in [(2, "b"), (1, "z"), (2, "a")]:
    heapq.heappush(h, x)
print([heapq.heappop(h) for _ in range(len(h))])
print(heapq.heappushpop([1, 5], 3), list(heapq.merge([1, 4], [2, 3])))
try:
    Task()
except TypeError as e:
    print("TypeError", e)
from dataclasses import asdict, astuple, replace, fields
print(asdict(Task(1, 1, "x")), astuple(Task(1, 2, "y"))[:3])
print(replace(t, name="copy").name, [f.name for f in fields(Task)][:3])
