import re

def t(p, s="", fl=0):
    try:
        print(repr(re.search(p, s, fl)))
    except re.error as e:
        print("error:", e, "|", e.msg == str(e).split(" at position")[0], e.pos, repr(e.pattern))
    except Exception as e:
        print(type(e).__name__, e)

for p in ["(", ")", "a)", "(a", "[a", "[", "[]", "[^]", "*", "a**", "a+*", "+a", "?", "a{2,1}",
          "\\", "a\\", "\\q", "[\\q]", "\\x4", "\\u12", "(?P<1a>x)", "(?P<a>x)(?P<a>y)", "(?P=b)",
          "(?P<a", "(?Px)", "(?", "(?z)", "a(?i)b", "(?<=a*)b", "\\1", "(a)\\2", "(a\\1)",
          "[z-a]", "[a-\\d]", "[\\d-z]", "a{1000000}", "{", "{1}", "x{1}{2}", "(?#comment", "(?#c)x",
          "^*", "$+", "\\b*", "(?:)", "a|*", "(?P<n>a)(?P=n)", "\\8", "\\400", "[\\400]", "\\08",
          "(?i", "(?-i:a)B", "(?i:a)b", "(?s:.)\n"]:
    t(p, "aa\nbb")
t("(?-i:a)B", "ab", re.I)
t("(?i:a)b", "Ab")
t("(?i:a)b", "AB")
t("a", 5)
t("a", b"a")
t("a", None)
try:
    re.compile(re.compile("a"), re.I)
except ValueError as e:
    print("ValueError", e)
print(re.compile(re.compile("ab")).pattern)
print(int(re.compile("a", re.I | re.M).flags & (re.I | re.M | re.S)))
print(int(re.I), int(re.M), int(re.S), int(re.X), int(re.A), int(re.U))
print(repr(re.compile("a+b")), repr(re.compile("a", re.I)) in ("re.compile('a', re.IGNORECASE)",))
print(re.compile("x") == re.compile("x"), re.compile("(a)(b)").groups)
print(repr(re.match("a", "ab")))
print(repr(re.match("(x)?", "ab")))
print(str(re.error("boom")))
e = re.error("boom", "pat", 2)
print(e, e.msg, e.pos, e.pattern, e.lineno, e.colno)
e = re.error("boom", "a\nbc", 3)
print(e, e.lineno, e.colno)
