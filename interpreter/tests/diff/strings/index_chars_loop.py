# s[i] in loops: ASCII and non-ASCII strs, negative indexes, out of range, a char made first.
s = "DHRYSTONE PROGRAM"
out = []
for i in range(len(s)):
    out.append(s[i])
    out.append(s[-1 - i])
print("".join(out))
t = "ünï¢ødé"
print([t[i] for i in range(len(t))], t[-1], t[0])
for k in (len(s), -len(s) - 1, 2**40):
    try:
        s[k]
    except IndexError as e:
        print("IndexError", e)
print(s[True], sum(1 for i in range(100) if "xyz"[i % 3] == "y"))
