data = {"a": [1, 2, 3]}
data["a"][1] = "two"
print(data)
class Node:
    pass
n = Node()
n.child = Node()
n.child.value = 5
n.child.value += 1
print(n.child.value)
m = [[0] * 3 for _ in range(2)]
m[1][2] = 9
print(m)
x = y = []
x.append(1)
print(y)
i = 0
arr = [10, 20, 30]
i, arr[i] = 1, 99
print(i, arr)
k = {}
k["x"] = k.get("x", 0) + 1
k["x"] += 1
print(k)
