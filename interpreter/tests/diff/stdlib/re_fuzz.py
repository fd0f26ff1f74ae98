import re
seed = 777
def rnd(n):
    global seed
    seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
    return seed % n
atoms = ["a", "b", ".", "\\d", "\\w", "[ab]", "[^a]", "(", ")", "|", "*", "+", "?", "{1,2}", "^", "$", "\\b", "(?:", "(?=", "(?<=a)", "*?", "\\1", "x"]
subjects = ["", "a", "ab", "aab1", "ba x", "abba", "xa1b2"]
ok = 0
for _ in range(600):
    p = "".join(atoms[rnd(len(atoms))] for _ in range(rnd(6) + 1))
    try:
        r = re.compile(p)
    except re.error as e:
        print(repr(p), "error")
        continue
    for s in subjects:
        m = r.search(s)
        print(repr(p), repr(s), m and (m.span(), m.groups()), r.findall(s), r.sub("-", s))
