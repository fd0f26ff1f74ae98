import re
cases = [
    (r"a*", "baaa"), (r"(a|b)*c", "ababc"), (r"(a+?)(a*)", "aaaa"), (r"x*", ""), (r"(\w+)\s(\1)", "hey hey you"),
    (r"[^a-c]+", "abcxyzabc"), (r"[\d.-]+", "v1.2-3"), (r"^$", ""), (r"a{2,3}", "aaaa"), (r"a{2,}?", "aaaa"),
    (r"(?i)HeLLo", "hello"), (r"\bfoo\b", "a foo b"), (r"\Bo\B", "foo boo"), (r"(?:ab)+", "ababab"),
    (r"(?P<a>x)(?P=a)", "xx"), (r"a|ab|abc", "abc"), (r"(a*)*b", "aaab"), (r"(a*)+$", "aa"), (r"\$\d+\.\d{2}", "cost $12.50!"),
    (r"[]a]", "]"), (r"[a-]", "-"), (r"\x41\u00e9\n", "Aé\n"), (r"(?<!x)y", "xyzy"), (r"q(?!u)", "quiqa"), (r"x{", "x{"),
]
for p, s in cases:
    m = re.search(p, s)
    print(p, repr(s), m and (m.group(), m.span(), m.groups()), re.findall(p, s), [m.span() for m in re.finditer(p, s)])
print(re.sub("x*", "-", "abxd"), re.sub("", "-", "abc"), re.split("x*", "axbc"), re.split(r"\b", "a b"))
print(re.sub(r"(?P<w>\w+)", r"<\g<w>|\g<0>>", "hi yo"), re.sub("a", r"\n", "bab"), re.subn(r"\d", "#", "a1b2c3", count=2))
print(re.split(r"(,)|;", "a,b;c", maxsplit=1), re.split(",", "a,b,c", 1))
m = re.match(r"(\d+)(?:\.(\d+))?(x)?", "12")
print(m.groups(), m.groups("-"), m.lastindex, m.group(1, 2), m[0], m.start(2), m.span(3), m.expand(r"v\1"))
m = re.match(r"(?P<first>\w+) (?P<last>\w+)", "Ada Lovelace")
print(m.groupdict(), m.lastgroup, m.lastindex, m.re.groupindex, re.compile("a(b)").groups)
print(re.match("^b", "a\nb", re.M), re.search("^b", "a\nb", re.M).span(), re.search("a$", "a\nb", re.M), re.search("a$", "ba\n"), re.search("a\\Z", "ba\n"))
print(re.findall("(?x) a  b # comment\n c", "abc"), re.findall(".", "a\nb"), re.findall(".", "a\nb", re.S))
print(re.fullmatch("a|ab", "ab"), re.compile(r"\d+").fullmatch("12a", 0, 2), re.escape("1+1=2? [yes] (ok) a_b"))
for bad in ["(", ")", "[a", "*a", "a**", r"\k", "(?P<1>a)", "a{3,2}", "(?<=a+)b", r"\2(a)", "[z-a]", "(?z)"]:
    try:
        re.compile(bad)
        print("compiled", bad)
    except re.error as e:
        print("error:", bad, e)
try:
    re.sub("(a)", r"\2", "a")
except re.error as e:
    print("error:", e)
print(re.search("a" * 30 + "b", "a" * 60), len(re.findall(r"\w+", "word " * 500)))
print(re.findall(r"a++b|a+", "aaab aa"), re.match(r"(?>a+)ab", "aaab"), re.match(r"(?>a+)b", "aaab").span(), re.findall(r"\d*+x|\d", "12x3"))
for p in ["(?", "(?=a)*b", "a+++"]:
    try:
        print(p, re.findall(p, "ab"))
    except re.error as e:
        print("error:", p, e)
