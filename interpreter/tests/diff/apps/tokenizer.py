KEYWORDS = {"let", "if", "else", "while", "print"}
def tokenize(src):
    tokens = []
    i = 0
    line = 1
    while i < len(src):
        c = src[i]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif c == "#":
            while i < len(src) and src[i] != "\n":
                i += 1
        elif c.isdigit():
            j = i
            while j < len(src) and (src[j].isdigit() or src[j] == "."):
                j += 1
            text = src[i:j]
            tokens.append(("NUM", float(text) if "." in text else int(text), line))
            i = j
        elif c.isalpha() or c == "_":
            j = i
            while j < len(src) and (src[j].isalnum() or src[j] == "_"):
                j += 1
            word = src[i:j]
            tokens.append(("KW" if word in KEYWORDS else "ID", word, line))
            i = j
        elif c == '"':
            j = i + 1
            buf = []
            while j < len(src) and src[j] != '"':
                if src[j] == "\\" and j + 1 < len(src):
                    j += 1
                    buf.append({"n": "\n", "t": "\t"}.get(src[j], src[j]))
                else:
                    buf.append(src[j])
                j += 1
            if j >= len(src):
                raise SyntaxError(f"unterminated string on line {line}")
            tokens.append(("STR", "".join(buf), line))
            i = j + 1
        elif src[i:i + 2] in ("==", "!=", "<=", ">="):
            tokens.append(("OP", src[i:i + 2], line))
            i += 2
        elif c in "+-*/=<>(){};":
            tokens.append(("OP", c, line))
            i += 1
        else:
            raise SyntaxError(f"unexpected {c!r} on line {line}")
    return tokens
program = '''
let x = 10;  # a comment
let y = x * 2.5 + (3 - 1);
if (y >= 20) { print "big\\tvalue"; } else { print "small"; }
while (x != 0) { x = x - 1; }
'''
toks = tokenize(program)
for t in toks:
    print(t)
print(len(toks), "tokens")
counts = {}
for kind, _, _ in toks:
    counts[kind] = counts.get(kind, 0) + 1
print(sorted(counts.items()))
for bad in ['let s = "open', "let z = 5 @ 3;"]:
    try:
        tokenize(bad)
    except SyntaxError as e:
        print("SyntaxError:", e)
