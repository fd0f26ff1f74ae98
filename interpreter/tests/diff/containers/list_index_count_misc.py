l = [5, 3, 5, 1, 5, 2]
print(l.index(5), l.index(5, 1), l.index(5, 3, 6), l.count(5), l.count(9))
try:
    l.index(5, 5)
except ValueError as e:
    print("ValueError:", e)
l2 = l * 2
print(len(l2), l2[-1], l2.index(2, 6))
nested = [[1, 2], [3]]
print([1, 2] in nested, [2, 1] in nested, nested.index([3]))
print(sorted(l, reverse=True), l)
l.sort(key=lambda x: -x)
print(l)
words = ["Banana", "apple", "cherry", "Apple"]
print(sorted(words), sorted(words, key=str.casefold), sorted(words, key=lambda w: (len(w), w)))
m = [3, 1, 2]
m.extend(range(3))
m.insert(-100, "start")
print(m, m.pop(2), m)
print([1, 2, 3] * 0, [] * 5, [[]] * 2)
print(list(reversed([1, 2, 3])), [1, 2, 3][::-1] == list(reversed([1, 2, 3])))
a = [1, 2, 3]
a[len(a):] = [4, 5]
a[:0] = [0]
print(a)
print(min([[2, 1], [1, 9]]), max("hello", key=ord), sum([[1], [2]], []))
