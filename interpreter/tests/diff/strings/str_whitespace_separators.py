# str whitespace is CPython's: Unicode's plus the information separators \x1c-\x1f.
s = "a\x1cb\x1dc\x1ed\x1fe\x85f\xa0g\u2028h\u3000i\tj"
print(s.split())
print(s.rsplit(None, 3))
print(s.split(None, 2))
print(repr("\x1c\x1f x \x1e".strip()), repr("\x1cx".lstrip()), repr("x\x1f".rstrip()))
print([c.isspace() for c in "\x1b\x1c\x1d\x1e\x1f\x20\x85\xa0"])
print("\x1c\x1d".isspace(), "".isspace(), " \x1c".split(), "a\x1cb".split("\x1c"))

# Set order through the dunder methods, mixing set and frozenset.
print({1}.__lt__(frozenset({1, 2})), {1}.__le__(frozenset({1})), frozenset({1}).__gt__(set()))
print(frozenset({1, 2}).__ge__({2}), {1}.__lt__([1]), {1, 2}.__lt__({1}), set().__le__(frozenset()))
