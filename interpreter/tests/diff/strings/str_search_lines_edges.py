# find/index with a start past the end, splitlines' line boundaries, min/max argument errors.
s = "abc"
for start in [0, 2, 3, 4, 10, -1, -10]:
    print(start, s.find("", start), s.rfind("", start), s.find("c", start), s.count("", start))
print("abc".find("", 3, 2), "".find(""), "".find("", 1))
for text in ["a\x85b", "a\x0bb\x0cc", "a\x1cb\x1dc\x1ed", "x\u2028y\u2029z", "r\rn\nrn\r\n", "end\n"]:
    print(repr(text), text.splitlines(), text.splitlines(True))
for call in [lambda: max(1, 2, default=0), lambda: min(1, 2, key=abs, default=5), lambda: max([], default="empty"), lambda: min((), key=len, default=None), lambda: max(3)]:
    try:
        print(call())
    except TypeError as e:
        print("TypeError:", e)
