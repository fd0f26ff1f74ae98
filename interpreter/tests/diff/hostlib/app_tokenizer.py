import re
from typing import NamedTuple, Iterator

class Token(NamedTuple):
    kind: str
    value: str
    line: int
    col: int

KEYWORDS = {"if", "then", "else", "end", "while", "do", "print", "let"}
SPEC = [
    ("NUMBER", r"\d+(?:\.\d*)?"),
    ("STRING", r'"(?:\\.|[^"\\])*"'),
    ("ID", r"[A-Za-z_]\w*"),
    ("OP", r"==|!=|<=|>=|[+\-*/=<>()]"),
    ("NEWLINE", r"\n"),
    ("SKIP", r"[ \t]+"),
    ("COMMENT", r"#[^\n]*"),
    ("MISMATCH", r"."),
]
MASTER = re.compile("|".join(f"(?P<{name}>{pat})" for name, pat in SPEC))

class LexError(Exception):
    pass

def tokenize(code: str) -> Iterator[Token]:
    line, start = 1, 0
    for mo in MASTER.finditer(code):
        kind, value = mo.lastgroup, mo.group()
        col = mo.start() - start
        if kind == "NUMBER":
            value = float(value) if "." in value else int(value)
        elif kind == "ID" and value in KEYWORDS:
            kind = value.upper()
        elif kind == "NEWLINE":
            start = mo.end()
            line += 1
            continue
        elif kind in ("SKIP", "COMMENT"):
            continue
        elif kind == "MISMATCH":
            raise LexError(f"{value!r} unexpected on line {line} col {col}")
        yield Token(kind, value, line, col)

src = '''let x = 42
let name = "a \\"quoted\\" str"  # comment
if x >= 10.5 then print(x * 2) else print(name) end
while x != 0 do let x = x - 1 end
'''
toks = list(tokenize(src))
for t in toks[:8]:
    print(t)
print(len(toks), {t.kind for t in toks} >= {"LET", "ID", "OP"})
from collections import Counter
print(sorted(Counter(t.kind for t in toks).items()))
print(toks[3]._asdict(), toks[3]._replace(value=0), Token._fields)
try:
    list(tokenize("let y = 3 $ 4"))
except LexError as e:
    print("LexError:", e)
kind, value, *_ = toks[0]
print(kind, value, toks[0].line, toks[1] == ("ID", "x", 1, 4), tuple(toks[1]))
print(re.sub(r"(\d+)", lambda m: str(int(m.group(1)) * 2), "a1 b22 c333"))
print(re.split(r"\s*[,;]\s*", "a , b;c ;d"), re.fullmatch(r"[a-z]+\d?", "abc1") is not None)
m = re.match(r"(?P<key>\w+)\s*=\s*(?P<val>.*)", "width = 100px")
print(m.groupdict(), m.span("val"), m.group(0, 2))
