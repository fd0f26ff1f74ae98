l = [1, 2, 3, 4, 5, 6]
for x in l[:]:
    if x % 2 == 0:
        l.remove(x)
print(l)
l = [1, 2, 3]
i = 0
for x in l:
    if i < 3:
        l.append(x * 10)
    i += 1
print(l)
d = {1: 1, 2: 2}
for k in list(d):
    if k == 1:
        del d[k]
print(d)
try:
    s = {1, 2, 3}
    for x in s:
        s.add(x + 10)
except RuntimeError as e:
    print("RuntimeError:", e)
