records = [("bob", 25), ("alice", 30), ("carol", 25), ("dave", 30), ("eve", 22)]
print(sorted(records, key=lambda r: r[1]))
print(sorted(records, key=lambda r: r[1], reverse=True))
print(sorted(records))
print(sorted(records, key=lambda r: (-r[1], r[0])))
data = [5, 3, 5, 1, 3, 1]
print(sorted(data), sorted(data, reverse=True), sorted(set(data)))
mixed = [3.5, 1, 2.25, -1, 0]
print(sorted(mixed), sorted(mixed, key=abs))
try:
    sorted([1, "a", 2])
except TypeError as e:
    print("TypeError:", e)
big = list(range(1000, 0, -7))
print(sorted(big)[:5], sorted(big) == sorted(big, reverse=True)[::-1])
strs = ["b", "B", "a", "A", "10", "9", "_"]
print(sorted(strs))
