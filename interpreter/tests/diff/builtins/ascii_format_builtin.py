print(ascii("abc"), ascii("é"), ascii(["ü", 1]), ascii("😀"))
print(format(3.14159, ".2f"), format(42, "x"), format(42, ">6"), format("s", "^5"), format(1234567, ","), format(True))
print(format(0.25, "%"), format(5, "b"), format(-1, "+"), format(None) if False else format("x"))
print(format(1e-5), format(123.0, "g"), format(10 ** 20, "e"))
