import math
class Lexer:
    def __init__(self, text):
        self.toks = []
        i = 0
        while i < len(text):
            c = text[i]
            if c.isspace():
                i += 1
            elif c.isdigit() or c == ".":
                j = i
                while j < len(text) and (text[j].isdigit() or text[j] == "."):
                    j += 1
                self.toks.append(("num", float(text[i:j])))
                i = j
            elif c.isalpha():
                j = i
                while j < len(text) and text[j].isalnum():
                    j += 1
                self.toks.append(("name", text[i:j]))
                i = j
            elif c in "+-*/^(),":
                self.toks.append(("op", c))
                i += 1
            else:
                raise SyntaxError(f"bad character {c!r} at {i}")
        self.toks.append(("end", None))
        self.pos = 0
    def peek(self):
        return self.toks[self.pos]
    def take(self):
        t = self.toks[self.pos]
        self.pos += 1
        return t
PREC = {"+": (1, "L"), "-": (1, "L"), "*": (2, "L"), "/": (2, "L"), "^": (3, "R")}
FUNCS = {"sqrt": math.sqrt, "max": max, "min": min, "abs": abs}
def parse_expr(lx, min_prec=1):
    lhs = parse_atom(lx)
    while True:
        kind, val = lx.peek()
        if kind != "op" or val not in PREC or PREC[val][0] < min_prec:
            return lhs
        prec, assoc = PREC[val]
        lx.take()
        rhs = parse_expr(lx, prec + 1 if assoc == "L" else prec)
        lhs = (val, lhs, rhs)
def parse_atom(lx):
    kind, val = lx.take()
    if kind == "num":
        return val
    if kind == "op" and val == "-":
        return ("neg", parse_atom(lx))
    if kind == "op" and val == "(":
        e = parse_expr(lx)
        if lx.take() != ("op", ")"):
            raise SyntaxError("expected )")
        return e
    if kind == "name":
        if lx.peek() == ("op", "("):
            lx.take()
            args = [parse_expr(lx)]
            while lx.peek() == ("op", ","):
                lx.take()
                args.append(parse_expr(lx))
            if lx.take() != ("op", ")"):
                raise SyntaxError("expected ) after arguments")
            return ("call", val, args)
        return ("var", val)
    raise SyntaxError(f"unexpected {val!r}")
def evaluate(node, env):
    if isinstance(node, float):
        return node
    op = node[0]
    if op == "neg":
        return -evaluate(node[1], env)
    if op == "var":
        return env[node[1]]
    if op == "call":
        return FUNCS[node[1]](*[evaluate(a, env) for a in node[2]])
    a, b = evaluate(node[1], env), evaluate(node[2], env)
    return {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else float("inf"), "^": a ** b}[op]
def show(node):
    if isinstance(node, float):
        return f"{node:g}"
    if node[0] == "neg":
        return f"(-{show(node[1])})"
    if node[0] == "var":
        return node[1]
    if node[0] == "call":
        return f"{node[1]}({', '.join(show(a) for a in node[2])})"
    return f"({show(node[1])} {node[0]} {show(node[2])})"
env = {"x": 3.0, "pi": math.pi}
for src in ["1 + 2 * 3", "2 ^ 3 ^ 2", "(1 + 2) * -x", "sqrt(16) + max(1, x, 2)", "10 / 4 - 1 / 0", "2 * pi * x", "1 +", "3 $ 4", "min(5, abs(-7)"]:
    try:
        tree = parse_expr(Lexer(src))
        print(f"{src!r:28} {show(tree):32} = {evaluate(tree, env):.6g}")
    except SyntaxError as e:
        print(f"{src!r:28} SyntaxError: {e}")
    except KeyError as e:
        print(f"{src!r:28} unknown {e}")
