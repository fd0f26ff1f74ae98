# \N{...} escapes in str literals: Unicode names and aliases, any case (host only: the
# name table is far larger than a device's free flash; boards raise the SyntaxError).
s = "\N{GREEK SMALL LETTER ALPHA}\N{bullet} \N{LATIN CAPITAL LETTER E WITH ACUTE}t\N{EM DASH}\N{snowman}"
print(s, len(s), ascii(s))
print("\N{LINE FEED}" == "\n", "\N{NBSP}" == "\xa0", "\N{SPACE}x", '\N{DIGIT ONE}\N{DIGIT TWO}')
print(f"{1+1}\N{DEGREE SIGN}C", f"\N{RIGHTWARDS ARROW} {'ok'}")
print("""multi \N{HEAVY CHECK MARK}
line""", r"\N{bullet}", b"\N{bullet}")
print([hex(ord(c)) for c in "\N{CJK UNIFIED IDEOGRAPH-4E00}\N{HANGUL SYLLABLE GA}\N{GRINNING FACE}"])
try:
    eval(r'"\N{NOT A REAL NAME}"')
except SyntaxError as e:
    print("SyntaxError", e.msg)
try:
    eval(r'"\N{}"')
except SyntaxError as e:
    print("SyntaxError", e.msg)
