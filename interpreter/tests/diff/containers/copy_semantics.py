a = [[1, 2], [3]]
shallow = a.copy()
shallow[0].append(99)
shallow.append("new")
print(a, shallow)
deep = [list(x) for x in a]
deep[0].append(100)
print(a, deep)
d = {"k": [1]}
d2 = dict(d)
d2["k"].append(2)
d2["j"] = 0
print(d, d2)
t = ([],)
t2 = t
t[0].append(1)
print(t2)
s = {1, 2}
s2 = set(s)
s2.add(3)
print(sorted(s), sorted(s2))
