s = "  \t hello \n "
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()))
print("xxhixx".strip("x"), "abcHELLOcba".strip("abc"), "www.example.com".lstrip("w."), "path///".rstrip("/"))
print(repr("ab".center(7)), repr("ab".center(7, "*")), repr("abc".center(2)))
print(repr("ab".ljust(5, ".")), repr("ab".rjust(5)), repr("42".zfill(5)), repr("-42".zfill(6)), repr("+7".zfill(4)))
print("prefix_name".removeprefix("prefix_"), "name.txt".removesuffix(".txt"), "abc".removeprefix("x"))
print(repr("a\tb\tc".expandtabs(4)), repr("ab\tc".expandtabs()))
