data = [1, 5, 12, 3, 20]
if (n := len(data)) > 3:
    print("long list", n)
big = [y for x in data if (y := x * 2) > 10]
print(big)
print(y)
i = 0
while (i := i + 1) < 5:
    print("i", i, end="; ")
print()
def f():
    return (a := 5) + a
print(f())
values = []
while (chunk := [1, 2, 3][len(values):len(values) + 2]):
    values.extend(chunk)
print(values)
print([last := v for v in range(4)], last)
