for x in [1, 2, 3]:
    print(x)
for c in "abc":
    print(c, end=" ")
print()
for i, c in enumerate("xyz"):
    print(i, c)
for a, b in [(1, 2), (3, 4)]:
    print(a + b)
for k in {"one": 1, "two": 2}:
    print(k)
for i in range(3):
    for j in range(3):
        if j == i:
            continue
        if j > 1:
            break
        print(i, j)
for x in []:
    print("never")
else:
    print("for-else on empty")
for x in range(5):
    if x == 3:
        print("found 3")
        break
else:
    print("not printed")
for (a, (b, c)) in [(1, (2, 3)), (4, (5, 6))]:
    print(a, b, c)
for i in range(10, 0, -3):
    print(i, end=",")
print()
