s = """Line one
    indented line
Line three"""
for line in s.splitlines():
    print(repr(line))
print(len("\x00\x01"), repr("\x00\x7f\x80"), repr("\u200b"), repr("\U0001F600"))
print("tab\there", "new\\nline")
print(repr("\a\b\f\v"))
print("\101\102\103", "\x41\x42")
x = 'It\'s "quoted"'
print(x, repr(x))
print("{}".format("\u00e9"), len("\u00e9"), len("e\u0301"))
