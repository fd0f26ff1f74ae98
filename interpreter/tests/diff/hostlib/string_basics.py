# string (host-only stdlib): character-class constants and capwords.
import string

for name in ("ascii_letters", "ascii_lowercase", "ascii_uppercase", "digits", "hexdigits",
             "octdigits", "punctuation", "whitespace", "printable"):
    print(name, repr(getattr(string, name)), len(getattr(string, name)))
print(string.capwords("hello   world  from pyrite"))
print(string.capwords("a-b-c  d", "-"), string.capwords("  ONE two  "))
print(all(c in string.printable for c in "Hello, World!\n"))
s = "Th1s is, a t3st!"
print("".join(c for c in s if c not in string.punctuation))
print(sum(c in string.digits for c in s), [c for c in s if c in string.ascii_uppercase])
table = str.maketrans("", "", string.punctuation)
print(s.translate(table))
from string import ascii_lowercase as lower
print(lower.index("q"), lower[::5])
