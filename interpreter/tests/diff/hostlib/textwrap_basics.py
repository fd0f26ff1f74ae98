import textwrap
text = ("The quick brown fox jumps over the lazy dog. Python is a well-known, general-purpose "
        "programming language; its design philosophy emphasizes code readability with the use "
        "of significant indentation. Supercalifragilisticexpialidocious words get broken.")
for w in (10, 20, 33, 50, 70):
    print(w, textwrap.wrap(text, w))
print(textwrap.fill(text, 40, initial_indent="* ", subsequent_indent="  "))
print(textwrap.shorten(text, 60))
print(textwrap.shorten("Hello  world!", width=12))
print(textwrap.shorten("Hello world", width=10, placeholder="..."))
print(textwrap.wrap(text, 30, max_lines=3))
print(textwrap.wrap("a-b-c long-hyphenated-word x--y e-mail 2-3", 8))
print(textwrap.wrap(text, 25, break_long_words=False, break_on_hyphens=False))
print(textwrap.wrap("One.  Two! three? Four.", 80, fix_sentence_endings=True))
print(textwrap.wrap("tab\there\nnewline", 40))
print(textwrap.wrap("  leading and trailing  ", 10))
print(textwrap.wrap("  leading and trailing  ", 10, drop_whitespace=False))
s = """\
    def f():
        return 1
      
    x = 2
"""
print(repr(textwrap.dedent(s)))
print(repr(textwrap.dedent("  a\n\tb\n")))
print(repr(textwrap.dedent("    a\n  b\n      c")))
print(textwrap.indent("a\nb\n\nc", "> "))
print(textwrap.indent("a\nb\n\nc", "+ ", lambda line: True))
try:
    textwrap.wrap("x", 0)
except ValueError as e:
    print(e)
w = textwrap.TextWrapper(width=15)
print(w.wrap("reuse the same wrapper object twice"))
print(w.fill("and again"))
