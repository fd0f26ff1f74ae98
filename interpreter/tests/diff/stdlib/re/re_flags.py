# re's flags are RegexFlag members: they print by name, combine with | and &, and a compiled
# pattern's .flags is a plain int that includes UNICODE for a str pattern.
import re

p = re.compile("a.b", re.I | re.M)
print(p.flags, type(p.flags).__name__, p.flags & re.I, p.flags & re.S)
print(bool(p.flags & re.I), bool(p.flags & re.S))
print(re.I, repr(re.I), re.I | re.M, re.M | re.I, type(re.I).__name__)
print(re.IGNORECASE == 2, int(re.S), type(int(re.S)).__name__, re.A, re.X, re.U, re.L)
print(repr(re.I | re.M | re.S), re.NOFLAG, bool(re.NOFLAG))
print(p)
print(re.compile(b"x", re.I).flags, re.compile("x", re.A).flags, re.compile("(?i)x").flags)
print(re.compile("x", re.VERBOSE | re.DOTALL).flags)
print(re.I & re.M, re.I & 2, 2 | re.I, 3 & re.I, re.M & ~re.I, re.S & ~re.S)
print(re.I + 1, re.I * 2, hash(re.I) == hash(2), {re.I: "i"}[2], re.I in (2,))
print(str(re.I), f"{re.I:d}", "%d" % re.I, "%s" % re.I, f"{re.M!r}", f"{re.M!s}")
print(isinstance(re.I, int), issubclass(re.RegexFlag, int))
print(re.RegexFlag(1024), re.RegexFlag(2 | 1024), re.RegexFlag(10))
flags = 0
flags |= re.I
flags |= re.M
print(flags, re.findall("^a", "A\na", flags))
print(re.search("A.B", "xa\nb", re.IGNORECASE | re.DOTALL).span())
print(re.sub("x", "y", "X x", flags=re.I), re.split("a", "bAc", flags=re.I))
