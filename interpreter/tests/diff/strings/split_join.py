print("a,b,,c".split(","), "a b  c".split(), "  lead trail  ".split())
print("a,b,c,d".split(",", 2), "a,b,c,d".rsplit(",", 2), "a b c".rsplit(None, 1))
print("line1\nline2\r\nline3\rline4".splitlines(), "a\n\nb\n".splitlines(), "x\ny\n".splitlines(True))
print("".split(), "".split(","), "abc".split("abc"))
print(", ".join(["a", "b", "c"]), "".join([]), "-".join("xyz"))
try:
    ",".join([1, 2])
except TypeError as e:
    print("TypeError:", e)
print("key=value=x".partition("="), "no-sep".partition("="), "a.b.c".rpartition("."), "abc".rpartition("x"))
try:
    "abc".split("")
except ValueError as e:
    print("ValueError:", e)
print("1 2 3".split(" ", 0), "  x  y ".split(None, 1))
