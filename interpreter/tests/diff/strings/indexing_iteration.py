s = "Python"
print(s[0], s[-1], s[2:4], len(s))
for i, c in enumerate(s):
    print(i, c, ord(c))
try:
    s[10]
except IndexError as e:
    print("IndexError:", e)
try:
    s[0] = "J"
except TypeError as e:
    print("TypeError:", e)
print(list(s), tuple("ab"), sorted("python"), "".join(reversed(s)))
print(min(s), max(s), "y" in s)
u = "naïve café 日本語"
print(len(u), u[2], u[-3:], u[::-1], u.upper())
print([c for c in "héllo" if ord(c) > 127])
