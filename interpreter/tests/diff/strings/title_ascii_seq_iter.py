# str.title() of ASCII text (its byte path) and non-ASCII text; list/tuple iterators stepped
# by next(), zip(), sorted() and join() (the in-place step).
for s in ["hello world", "they're bill's 1st", "", "ABC dEF_gHI", "a1b2 c", "x\ty\nz", "ÿa bc", "hello WORLD ñ"]:
    print(repr(s.title()))
l = [1, 2, 3]
it = iter(l)
print(next(it)); l.append(4); print(list(it)); print(next(it, "end"))
print(list(zip("abc", [1, 2], (7, 8, 9))), sorted(iter((3, 1, 2))), "-".join(iter(["a", "b"])))
