import heapq
h = []
for v in [5, 1, 8, 3, 9, 2]:
    heapq.heappush(h, v)
print(h[0], [heapq.heappop(h) for _ in range(3)], h)
data = [9, 4, 7, 1, 8]
heapq.heapify(data)
print(data[0], sorted(data))
print(heapq.nsmallest(2, [5, 3, 8, 1]), heapq.nlargest(2, [5, 3, 8, 1]), heapq.heappushpop([1, 5], 3), heapq.heapreplace([1, 5], 3))
tasks = []
for prio, name in [(3, "low"), (1, "high"), (2, "mid"), (1, "also high")]:
    heapq.heappush(tasks, (prio, name))
while tasks:
    print(heapq.heappop(tasks))
print(list(heapq.merge([1, 4, 9], [2, 3, 10])))
