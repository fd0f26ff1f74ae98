"""re: regular expressions with a backtracking matcher (CPython's re syntax, str and bytes).

Supported: literals, `.`, classes (`[...]`, `\\d\\w\\s` and negations), groups (capturing,
named `(?P<n>...)`, `(?:...)`), backreferences (`\\1`, `(?P=n)`), conditionals
`(?(1)yes|no)`, lookahead/lookbehind (fixed width), greedy and lazy and possessive
quantifiers (`* + ? {m,n}`, `*+` ...), atomic groups `(?>...)`, anchors (`^ $ \\A \\Z \\b \\B`),
alternation and the flags I, M, S, X, A, global `(?i)` or scoped `(?i-s:...)`. A bytes
pattern works on its bytes as latin-1 text with ASCII classes. The matcher keeps its own
backtracking stack, so long subjects do not recurse.
"""

# The matcher's own flags are plain ints; the public names below are RegexFlag members.
_I, _L, _M, _S, _U, _X, _A = 2, 4, 8, 16, 32, 64, 256
_FLAGS = {"a": _A, "i": _I, "L": _L, "m": _M, "s": _S, "u": _U, "x": _X}
# CPython's members in definition order (which its repr of a combination follows), flat: one
# tuple costs less heap than nine pairs.
_FLAG_NAMES = ("ASCII", 256, "IGNORECASE", 2, "LOCALE", 4, "UNICODE", 32, "MULTILINE", 8,
               "DOTALL", 16, "VERBOSE", 64, "TEMPLATE", 1, "DEBUG", 128)


# re's flags: ints that combine with | and & into flags and print as CPython's. Only what flag
# code uses daily, since each method costs heap on import in a small device: `^`, `~`, `.name`,
# `.value` and format() act as on the int.
class RegexFlag(int):
    def __repr__(self):
        v = int(self)
        if not v:
            return "re.NOFLAG"
        names = _FLAG_NAMES
        out = ["re." + names[i] for i in range(0, 18, 2) if v & names[i + 1]]
        if v & ~511:
            if not out:
                return "re.RegexFlag(%d)" % v
            out.append(hex(v & ~511))
        return "|".join(out)

    __str__ = __repr__

    def __or__(self, other):
        return RegexFlag(int(self) | other) if isinstance(other, int) else NotImplemented

    def __and__(self, other):
        return RegexFlag(int(self) & other) if isinstance(other, int) else NotImplemented

    __ror__ = __or__
    __rand__ = __and__


A = ASCII = RegexFlag(256)
I = IGNORECASE = RegexFlag(2)
L = LOCALE = RegexFlag(4)
U = UNICODE = RegexFlag(32)
M = MULTILINE = RegexFlag(8)
S = DOTALL = RegexFlag(16)
X = VERBOSE = RegexFlag(64)
NOFLAG = RegexFlag(0)


class error(Exception):
    def __init__(self, msg, pattern=None, pos=None):
        self.msg = msg
        self.pattern = pattern
        self.pos = pos
        self.lineno = self.colno = None
        if pattern is not None and pos is not None:
            msg = "%s at position %d" % (msg, pos)
            nl = "\n" if isinstance(pattern, str) else b"\n"
            self.lineno = pattern.count(nl, 0, pos) + 1
            self.colno = pos - pattern.rfind(nl, 0, pos)
            if nl in pattern:
                msg = "%s (line %d, column %d)" % (msg, self.lineno, self.colno)
        Exception.__init__(self, msg)


_DIGITS = "0123456789"
_OCT = "01234567"
_HEX = "0123456789abcdefABCDEF"
_SPACE = " \t\n\r\x0b\x0c"
_SPECIAL = "()[]{}?*+-|^$\\.&~# \t\n\r\x0b\x0c"


def _is_word(c, ascii=False):
    return c == "_" or (c.isalnum() and (c.isascii() or not ascii))


def _class_test(kind, c, ascii):
    k = kind.lower()
    if k == "d":
        r = c in _DIGITS or (not ascii and c.isdecimal())
    elif k == "w":
        r = _is_word(c, ascii)
    else:
        r = c in _SPACE or (not ascii and c.isspace())
    return r if k == kind else not r


# ----------------------------------------------------------------- parser
# Nodes, with the flags in force baked in: ("lit", ch, icase), ("any", dotall),
# ("set", negate, items, icase), ("cls", kind, ascii), ("cat", [nodes]), ("alt", [nodes]),
# ("group", idx or None, node), ("rep", node, min, max, greedy), ("atomic", node),
# ("bol"|"eol", multiline), ("start",), ("end",), ("wordb"|"nwordb", ascii),
# ("look", ahead, negate, node), ("backref", idx, icase), ("cond", idx, yes, no)
_ASSERTS = ("bol", "eol", "start", "end", "wordb", "nwordb")


class _Parser:
    def __init__(self, pattern, flags, src, isbytes):
        self.p = pattern
        self.src = src
        self.b = isbytes
        self.i = 0
        self.flags = flags
        self.ngroups = 0
        self.names = {}
        self.open = []
        self.depth = 0
        self.glob_ok = True
        self.condrefs = {}

    def err(self, msg, pos=None):
        return error(msg, self.src, self.i if pos is None else pos)

    def peek(self):
        return self.p[self.i] if self.i < len(self.p) else None

    def get(self):
        c = self.peek()
        if c is not None:
            self.i += 1
        return c

    def skip_verbose(self):
        p = self.p
        while self.flags & _X and self.i < len(p):
            c = p[self.i]
            if c in _SPACE:
                self.i += 1
            elif c == "#":
                while self.i < len(p) and p[self.i] != "\n":
                    self.i += 1
            else:
                break

    def parse(self):
        node = self.alt()
        if self.i < len(self.p):
            raise self.err("unbalanced parenthesis")
        for g in self.condrefs:
            if g > self.ngroups:
                raise self.err("invalid group reference %d" % g, self.condrefs[g])
        return node

    def alt(self):
        branches = [self.cat(self.depth == 0)]
        while self.peek() == "|":
            self.i += 1
            branches.append(self.cat(False))
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def cat(self, first):
        items = []
        while True:
            self.skip_verbose()
            c = self.peek()
            if c is None or c == "|" or c == ")":
                break
            self.glob_ok = first and not items
            atom = self.atom()
            if atom is None:
                # a comment or global flags: a quantifier after it applies to the item before
                if items:
                    items[-1] = self.quant(items[-1])
                continue
            items.append(self.quant(atom))
        return items[0] if len(items) == 1 else ("cat", items)

    def quant(self, atom):
        while True:
            self.skip_verbose()
            c = self.peek()
            start = self.i
            if c == "*":
                lo, hi = 0, None
            elif c == "+":
                lo, hi = 1, None
            elif c == "?":
                lo, hi = 0, 1
            elif c == "{":
                r = self.braces()
                if r is None:
                    return atom
                lo, hi = r
            else:
                return atom
            if c != "{":
                self.i += 1
            if atom[0] in _ASSERTS:
                raise self.err("nothing to repeat", start)
            if atom[0] == "rep" or (atom[0] == "atomic" and atom[2]):
                raise self.err("multiple repeat", start)
            greedy = True
            possessive = False
            if self.peek() == "?":
                self.i += 1
                greedy = False
            elif self.peek() == "+":
                self.i += 1
                possessive = True
            atom = ("rep", atom, lo, hi, greedy)
            if possessive:
                atom = ("atomic", atom, True)

    def braces(self):
        p = self.p
        j = self.i + 1
        k = j
        while k < len(p) and p[k] in _DIGITS:
            k += 1
        lo_s = hi_s = p[j:k]
        comma = k < len(p) and p[k] == ","
        if comma:
            m = k + 1
            while m < len(p) and p[m] in _DIGITS:
                m += 1
            hi_s = p[k + 1:m]
            k = m
        if k >= len(p) or p[k] != "}" or (not lo_s and not comma):
            return None  # a literal '{'
        lo = int(lo_s) if lo_s else 0
        hi = int(hi_s) if hi_s else None
        if lo >= 4294967295 or (hi or 0) >= 4294967295:
            raise OverflowError("the repetition number is too large")
        self.i = k + 1
        if hi is not None and hi < lo:
            raise self.err("min repeat greater than max repeat", j)
        return lo, hi

    def atom(self):
        c = self.p[self.i]
        start = self.i
        self.i += 1
        fl = self.flags
        if c == ".":
            return ("any", fl & _S)
        if c == "^":
            return ("bol", fl & _M)
        if c == "$":
            return ("eol", fl & _M)
        if c == "[":
            return self.charset()
        if c == "\\":
            return self.escape(False)
        if c == "(":
            return self.group(start)
        if c == "{":
            self.i = start
            r = self.braces()
            self.i = start + 1
            if r is not None:
                raise self.err("nothing to repeat", start)
        if c in "*+?":
            raise self.err("nothing to repeat", start)
        return ("lit", c, fl & _I)

    def until(self, term):
        p = self.p
        j = p.find(term, self.i)
        if j < 0:
            name = p[self.i:]
            self.i = len(p)
            if not name:
                raise self.err("missing group name")
            raise self.err("missing %s, unterminated name" % term, self.i - len(name))
        name = p[self.i:j]
        self.i = j + 1
        if not name:
            raise self.err("missing group name", j)
        return name

    def check_name(self, name):
        if not name.isidentifier():
            raise self.err("bad character in group name %r" % name, self.i - len(name) - 1)

    def sub(self, start):
        self.depth += 1
        node = self.alt()
        self.depth -= 1
        if self.peek() != ")":
            raise self.err("missing ), unterminated subpattern", start)
        self.i += 1
        return node

    def group(self, start):
        name = None
        if self.peek() == "?":
            self.i += 1
            c = self.get()
            if c == "P":
                c = self.get()
                if c == "<":
                    name = self.until(">")
                    self.check_name(name)
                    if name in self.names:
                        raise self.err("redefinition of group name %r as group %d; was group %d"
                                       % (name, self.ngroups + 1, self.names[name]),
                                       self.i - len(name) - 1)
                elif c == "=":
                    name = self.until(")")
                    self.check_name(name)
                    gid = self.names.get(name)
                    if gid is None:
                        raise self.err("unknown group name %r" % name, self.i - len(name) - 1)
                    return self.ref(gid, self.i - len(name) - 1)
                elif c is None:
                    raise self.err("unexpected end of pattern")
                else:
                    raise self.err("unknown extension ?P" + c, self.i - 3)
            elif c is None:
                raise self.err("unexpected end of pattern")
            elif c == ":":
                return ("group", None, self.sub(start))
            elif c == ">":
                return ("atomic", self.sub(start), False)
            elif c == "#":
                end = self.p.find(")", self.i)
                if end < 0:
                    raise self.err("missing ), unterminated comment", start)
                self.i = end + 1
                return None
            elif c in "=!<":
                ahead = c != "<"
                if not ahead:
                    c = self.get()
                    if c is None:
                        raise self.err("unexpected end of pattern")
                    if c not in "=!":
                        raise self.err("unknown extension ?<" + c, self.i - 3)
                node = self.sub(start)
                if not ahead and _width(node) is None:
                    raise error("look-behind requires fixed-width pattern")
                return ("look", ahead, c == "!", node)
            elif c == "(":
                cname = self.until(")")
                pos = self.i - len(cname) - 1
                if cname.isidentifier():
                    gid = self.names.get(cname)
                    if gid is None:
                        raise self.err("unknown group name %r" % cname, pos)
                else:
                    if not (cname.isdigit() and cname.isascii()):
                        raise self.err("bad character in group name %r" % cname, pos)
                    gid = int(cname)
                    if not gid:
                        raise self.err("bad group number", pos)
                    self.condrefs.setdefault(gid, pos)
                self.depth += 1
                yes = self.cat(False)
                no = None
                if self.peek() == "|":
                    self.i += 1
                    no = self.cat(False)
                    if self.peek() == "|":
                        raise self.err("conditional backref with more than two branches")
                self.depth -= 1
                if self.peek() != ")":
                    raise self.err("missing ), unterminated subpattern", start)
                self.i += 1
                return ("cond", gid, yes, no)
            elif c in _FLAGS or c == "-":
                return self.inline_flags(c, start)
            else:
                raise self.err("unknown extension ?" + c, self.i - 2)
        self.ngroups += 1
        idx = self.ngroups
        if name is not None:
            self.names[name] = idx
        self.open.append(idx)
        node = self.sub(start)
        self.open.remove(idx)
        return ("group", idx, node)

    def inline_flags(self, c, start):
        add = off = 0
        if c != "-":
            while True:
                if c == "L" and not self.b:
                    raise self.err("bad inline flags: cannot use 'L' flag with a str pattern")
                if c == "u" and self.b:
                    raise self.err("bad inline flags: cannot use 'u' flag with a bytes pattern")
                add |= _FLAGS[c]
                if add & (_A | _U | _L) not in (0, _A, _U, _L):
                    raise self.err("bad inline flags: flags 'a', 'u' and 'L' are incompatible")
                c = self.get()
                if c is None:
                    raise self.err("missing -, : or )")
                if c in ")-:":
                    break
                if c not in _FLAGS:
                    raise self.err("unknown flag" if c.isalpha() else "missing -, : or )",
                                   self.i - 1)
        if c == ")":
            if not self.glob_ok:
                raise self.err("global flags not at the start of the expression", start)
            self.flags |= add
            return None
        if c == "-":
            c = self.get()
            if c is None:
                raise self.err("missing flag")
            if c not in _FLAGS:
                raise self.err("unknown flag" if c.isalpha() else "missing flag", self.i - 1)
            while True:
                if _FLAGS[c] & (_A | _U | _L):
                    raise self.err("bad inline flags: cannot turn off flags 'a', 'u' and 'L'")
                off |= _FLAGS[c]
                c = self.get()
                if c is None:
                    raise self.err("missing :")
                if c == ":":
                    break
                if c not in _FLAGS:
                    raise self.err("unknown flag" if c.isalpha() else "missing :", self.i - 1)
        if add & off:
            raise self.err("bad inline flags: flag turned on and off", self.i - 1)
        saved = self.flags
        self.flags = (saved | add) & ~off
        node = self.sub(start)
        self.flags = saved
        return ("group", None, node)

    def ref(self, gid, pos):
        if gid in self.open:
            raise self.err("cannot refer to an open group", pos)
        return ("backref", gid, self.flags & _I)

    def escape(self, in_set):
        p = self.p
        if self.i >= len(p):
            raise self.err("bad escape (end of pattern)", self.i - 1)
        start = self.i - 1
        c = p[self.i]
        self.i += 1
        if c in "dwsDWS":
            return ("cls", c, self.b or self.flags & _A)
        simple = {"n": "\n", "t": "\t", "r": "\r", "f": "\x0c", "v": "\x0b", "a": "\x07",
                  "\\": "\\"}
        if c in simple:
            return ("lit", simple[c], self.flags & _I)
        if c in "xuU" and not (c != "x" and self.b):
            n = {"x": 2, "u": 4, "U": 8}[c]
            j = self.i
            while j < len(p) and j < self.i + n and p[j] in _HEX:
                j += 1
            h = p[self.i:j]
            self.i = j
            if len(h) != n:
                raise self.err("incomplete escape \\%s%s" % (c, h), start)
            return ("lit", chr(int(h, 16)), self.flags & _I)
        if c in _DIGITS:
            j = self.i
            octal = c == "0" or in_set
            if octal:
                # \0 and up to two more octal digits; in a set \1 to \377 as well
                while c in _OCT and j < len(p) and j < self.i + 2 and p[j] in _OCT:
                    j += 1
            elif j < len(p) and p[j] in _DIGITS:
                j += 1
                # three octal digits make an octal escape, else it is a group reference
                if c in _OCT and p[j - 1] in _OCT and j < len(p) and p[j] in _OCT:
                    j += 1
                    octal = True
            if octal and c in _OCT:
                v = int(p[self.i - 1:j], 8)
                self.i = j
                if v > 0o377:
                    raise self.err("octal escape value \\%s outside of range 0-0o377"
                                   % p[start + 1:j], start)
                return ("lit", chr(v), self.flags & _I)
            if not in_set:
                g = int(p[self.i - 1:j])
                self.i = j
                if g > self.ngroups:
                    raise self.err("invalid group reference %d" % g, start + 1)
                return self.ref(g, start)
        if not in_set:
            k = {"b": "wordb", "B": "nwordb", "A": "start", "Z": "end"}.get(c)
            if k:
                return (k, self.b or self.flags & _A)
        elif c == "b":
            return ("lit", "\b", 0)
        if c.isascii() and c.isalnum():
            raise self.err("bad escape \\" + c, start)
        return ("lit", c, self.flags & _I)

    def charset(self):
        p = self.p
        start = self.i - 1
        negate = self.peek() == "^"
        if negate:
            self.i += 1
        items = []
        while True:
            t1 = self.i
            c = self.get()
            if c is None:
                raise self.err("unterminated character set", start)
            if c == "]" and items:
                break
            a = self.escape(True) if c == "\\" else ("lit", c)
            if self.peek() == "-":
                self.i += 1
                t2 = self.i
                d = self.get()
                if d is None:
                    raise self.err("unterminated character set", start)
                if d == "]":
                    items.append(a)
                    items.append(("lit", "-"))
                    break
                b = self.escape(True) if d == "\\" else ("lit", d)
                if a[0] != "lit" or b[0] != "lit" or b[1] < a[1]:
                    raise self.err("bad character range %s-%s" % (p[t1:t2 - 1], p[t2:self.i]),
                                   t1)
                items.append(("range", a[1], b[1]))
            else:
                items.append(a)
        return ("set", negate, items, self.flags & _I)


def _width(node):
    """The fixed width of a node, or None if it varies."""
    k = node[0]
    if k in ("lit", "any", "set", "cls"):
        return 1
    if k in _ASSERTS or k == "look":
        return 0
    if k == "cat" or k == "alt":
        ws = [_width(n) for n in node[1]]
        if None in ws or (k == "alt" and len(set(ws)) != 1):
            return None
        return sum(ws) if k == "cat" else ws[0]
    if k == "group":
        return _width(node[2])
    if k == "atomic":
        return _width(node[1])
    if k == "cond":
        w = _width(node[2])
        return w if w == (0 if node[3] is None else _width(node[3])) else None
    if k == "rep":
        w = _width(node[1])
        if w is None or node[3] != node[2]:
            return None
        return w * node[2]
    return None


# ----------------------------------------------------------------- compiler
# Instructions (tuples): ("char", c), ("chari", lowered c), ("any", dotall),
# ("set", neg, items, icase), ("cls", k, ascii), ("split", a, b), ("jmp", a), ("save", n),
# ("match",), ("assert", kind, flag), ("look", ahead, neg, prog, width),
# ("backref", n, icase), ("mark", slot), ("check", slot, loop_end), ("atomic", prog),
# ("cond", n, else_pc), ("cinit", slot), ("crep", slot, min, max, greedy, exit_pc)


class _Compiler:
    def __init__(self):
        self.code = []
        self.slots = 0

    def emit(self, ins):
        self.code.append(ins)
        return len(self.code) - 1

    def sub(self, node):
        sub = _Compiler()
        sub.slots = self.slots
        sub.comp(node)
        sub.emit(("match",))
        self.slots = sub.slots
        return sub.code

    def comp(self, node):
        k = node[0]
        code = self.code
        if k == "lit":
            c = node[1]
            if node[2] and c.lower() != c.upper():
                self.emit(("chari", c.lower()))
            else:
                self.emit(("char", c))
        elif k in ("any", "set", "cls", "backref"):
            self.emit(node)
        elif k == "cat":
            for n in node[1]:
                self.comp(n)
        elif k == "alt":
            jumps = []
            branches = node[1]
            for idx, n in enumerate(branches):
                if idx < len(branches) - 1:
                    sp = self.emit(None)
                    self.comp(n)
                    jumps.append(self.emit(None))
                    code[sp] = ("split", sp + 1, len(code))
                else:
                    self.comp(n)
            for j in jumps:
                code[j] = ("jmp", len(code))
        elif k == "group":
            if node[1] is None:
                self.comp(node[2])
            else:
                self.emit(("save", 2 * node[1]))
                self.comp(node[2])
                self.emit(("save", 2 * node[1] + 1))
        elif k == "rep":
            sub, lo, hi, greedy = node[1], node[2], node[3], node[4]
            if lo > 64 or (hi or 0) > 64:
                # a counted loop, not an unrolled one: (count, start position) in two slots
                slot = self.slots
                self.slots += 2
                self.emit(("cinit", slot))
                loop = self.emit(None)
                self.comp(sub)
                self.emit(("jmp", loop))
                code[loop] = ("crep", slot, lo, hi, greedy, len(code))
                return
            for _ in range(lo):
                self.comp(sub)
            if hi is None:
                slot = self.slots
                self.slots += 1
                loop = self.emit(None)
                self.emit(("mark", slot))
                self.comp(sub)
                chk = self.emit(None)
                self.emit(("jmp", loop))
                end = len(code)
                code[chk] = ("check", slot, end)
                code[loop] = ("split", loop + 1, end) if greedy else ("split", end, loop + 1)
            else:
                holes = []
                for _ in range(hi - lo):
                    holes.append(self.emit(None))
                    self.comp(sub)
                end = len(code)
                for h in holes:
                    code[h] = ("split", h + 1, end) if greedy else ("split", end, h + 1)
        elif k in _ASSERTS:
            self.emit(("assert", k, node[1] if len(node) > 1 else 0))
        elif k == "look":
            self.emit(("look", node[1], node[2], self.sub(node[3]), _width(node[3])))
        elif k == "atomic":
            self.emit(("atomic", self.sub(node[1])))
        elif k == "cond":
            c = self.emit(None)
            self.comp(node[2])
            if node[3] is not None:
                j = self.emit(None)
                code[c] = ("cond", node[1], len(code))
                self.comp(node[3])
                code[j] = ("jmp", len(code))
            else:
                code[c] = ("cond", node[1], len(code))


def _set_match(neg, items, c, icase):
    for ch in (c, c.lower(), c.upper()) if icase else (c,):
        for it in items:
            t = it[0]
            if t == "lit":
                if it[1] == ch:
                    return not neg
            elif t == "range":
                if it[1] <= ch <= it[2]:
                    return not neg
            elif _class_test(it[1], ch, it[2]):
                return not neg
    return neg


def _run(code, s, start, n, nslots, saves, full, must_not_end_at):
    """Runs the program at `start` in s[:n]; returns (end, saves) or None. A `full` match
    must end at n. Iterative backtracking."""
    ls = len(s)
    marks = [-1] * nslots
    stack = [(0, start, saves, marks)]
    steps = 0
    while stack:
        pc, pos, saves, marks = stack.pop()
        while True:
            steps += 1
            if steps > 5000000:
                raise RecursionError("maximum recursion limit exceeded")
            ins = code[pc]
            op = ins[0]
            if op == "char":
                if pos < n and s[pos] == ins[1]:
                    pos += 1
                    pc += 1
                    continue
                break
            if op == "chari":
                if pos < n and s[pos].lower() == ins[1]:
                    pos += 1
                    pc += 1
                    continue
                break
            if op == "any":
                if pos < n and (ins[1] or s[pos] != "\n"):
                    pos += 1
                    pc += 1
                    continue
                break
            if op == "set":
                if pos < n and _set_match(ins[1], ins[2], s[pos], ins[3]):
                    pos += 1
                    pc += 1
                    continue
                break
            if op == "cls":
                if pos < n and _class_test(ins[1], s[pos], ins[2]):
                    pos += 1
                    pc += 1
                    continue
                break
            if op == "split":
                stack.append((ins[2], pos, saves, marks))
                pc = ins[1]
                continue
            if op == "jmp":
                pc = ins[1]
                continue
            if op == "save":
                saves = saves[:]
                saves[ins[1]] = pos
                pc += 1
                continue
            if op == "mark":
                marks = marks[:]
                marks[ins[1]] = pos
                pc += 1
                continue
            if op == "crep":
                k = ins[1]
                cnt = marks[k]
                if (ins[3] is not None and cnt >= ins[3]) or (cnt >= ins[2] and marks[k + 1] == pos):
                    pc = ins[5]
                    continue
                old = marks
                marks = marks[:]
                marks[k] = cnt + 1
                marks[k + 1] = pos
                if cnt >= ins[2]:
                    if ins[4]:
                        stack.append((ins[5], pos, saves, old))
                    else:
                        stack.append((pc + 1, pos, saves, marks))
                        marks = old
                        pc = ins[5]
                        continue
                pc += 1
                continue
            if op == "cinit":
                marks = marks[:]
                marks[ins[1]] = 0
                marks[ins[1] + 1] = -1
                pc += 1
                continue
            if op == "check":
                # an empty iteration ends the loop but keeps its captures, as SRE does
                pc = ins[2] if marks[ins[1]] == pos else pc + 1
                continue
            if op == "match":
                if pos == must_not_end_at or (full and pos != n):
                    break
                return pos, saves
            if op == "assert":
                k = ins[1]
                if k == "bol":
                    ok = pos == 0 or (ins[2] and s[pos - 1] == "\n")
                elif k == "eol":
                    ok = pos == ls or (s[pos] == "\n" and (ins[2] or pos == ls - 1))
                elif k == "start":
                    ok = pos == 0
                elif k == "end":
                    ok = pos == ls
                else:
                    before = pos > 0 and _is_word(s[pos - 1], ins[2])
                    after = pos < ls and _is_word(s[pos], ins[2])
                    ok = (before != after) if k == "wordb" else (before == after)
                if not ok:
                    break
                pc += 1
                continue
            if op == "look":
                ahead, neg, sub, width = ins[1], ins[2], ins[3], ins[4]
                if ahead:
                    r = _run(sub, s, pos, ls, nslots, saves, False, -1)
                elif pos - width < 0:
                    r = None
                else:
                    r = _run(sub, s, pos - width, pos, nslots, saves, True, -1)
                if (r is None) != neg:
                    break
                if r is not None and not neg:
                    saves = r[1]
                pc += 1
                continue
            if op == "atomic":
                # the first way the group matches is final: no backtracking into it
                r = _run(ins[1], s, pos, n, nslots, saves, False, -1)
                if r is None:
                    break
                pos, saves = r
                pc += 1
                continue
            if op == "cond":
                pc = pc + 1 if saves[2 * ins[1] + 1] >= 0 else ins[2]
                continue
            if op == "backref":
                a = saves[2 * ins[1]]
                b = saves[2 * ins[1] + 1]
                if a < 0 or b < 0:
                    break
                text = s[a:b]
                got = s[pos:pos + len(text)]
                if pos + len(text) <= n and (got == text or (ins[2] and got.lower() == text.lower())):
                    pos += len(text)
                    pc += 1
                    continue
                break
            break
    return None


# ----------------------------------------------------------------- objects


class Match:
    def __init__(self, pattern, string, s, pos, endpos, saves):
        self.re = pattern
        self.string = string
        self._s = s
        self.pos = pos
        self.endpos = endpos
        self._saves = saves
        last = None
        best = -1
        for g in range(1, pattern.groups + 1):
            e = saves[2 * g + 1]
            if saves[2 * g] >= 0 and e > best:
                best = e
                last = g
        self.lastindex = last
        self.lastgroup = None
        for name, idx in pattern.groupindex.items():
            if idx == last:
                self.lastgroup = name

    def _idx(self, g):
        if isinstance(g, str):
            g = self.re.groupindex.get(g, -1)
        if isinstance(g, int) and 0 <= g <= self.re.groups:
            return g
        raise IndexError("no such group")

    def _get(self, g, default=None):
        a, b = self.span(g)
        if a < 0:
            return default
        r = self._s[a:b]
        return r.encode("latin-1") if self.re._b else r

    def group(self, *groups):
        if len(groups) < 2:
            return self._get(groups[0] if groups else 0)
        return tuple(self._get(g) for g in groups)

    __getitem__ = _get

    def groups(self, default=None):
        return tuple(self._get(g, default) for g in range(1, self.re.groups + 1))

    def groupdict(self, default=None):
        return {name: self._get(idx, default) for name, idx in self.re.groupindex.items()}

    def span(self, g=0):
        idx = self._idx(g)
        return (self._saves[2 * idx], self._saves[2 * idx + 1])

    def start(self, g=0):
        return self.span(g)[0]

    def end(self, g=0):
        return self.span(g)[1]

    def expand(self, template):
        return _expand(self.re, template)(self)

    def __repr__(self):
        return "<re.Match object; span=%r, match=%r>" % (self.span(), self.group())


class Pattern:
    def __init__(self, pattern, flags):
        self.pattern = pattern
        if isinstance(flags, int):
            # .flags is a plain int, as CPython's
            flags = int(flags)
        self._b = not isinstance(pattern, str)
        if self._b:
            if not isinstance(pattern, (bytes, bytearray)):
                raise TypeError("first argument must be string or compiled pattern")
            if flags & _U:
                raise ValueError("cannot use UNICODE flag with a bytes pattern")
            text = str(pattern, "latin-1")
        else:
            if flags & _L:
                raise ValueError("cannot use LOCALE flag with a str pattern")
            text = pattern
        parser = _Parser(text, flags, pattern, self._b)
        tree = parser.parse()
        fl = parser.flags
        if not self._b:
            if fl & _A and fl & _U:
                raise ValueError("ASCII and UNICODE flags are incompatible")
            if not fl & _A:
                fl |= _U
        self.flags = fl
        self.groups = parser.ngroups
        self.groupindex = parser.names
        comp = _Compiler()
        comp.comp(tree)
        comp.emit(("match",))
        self._code = comp.code
        self._nslots = comp.slots
        first = comp.code[0]
        self._first = first[1] if first[0] == "char" else None

    def _text(self, string):
        if isinstance(string, str):
            if self._b:
                raise TypeError("cannot use a bytes pattern on a string-like object")
            return string
        if isinstance(string, (bytes, bytearray, memoryview)):
            if not self._b:
                raise TypeError("cannot use a string pattern on a bytes-like object")
            return str(bytes(string), "latin-1")
        raise TypeError("expected string or bytes-like object, got '%s'"
                        % type(string).__name__)

    def _bounds(self, string, pos, endpos):
        s = self._text(string)
        n = len(s)
        pos = min(max(pos, 0), n)
        endpos = n if endpos is None else min(max(endpos, 0), n)
        # the subject ends at endpos: `$` matches there, lookaheads stop there
        return (s[:endpos] if endpos < n else s), pos, endpos

    def _at(self, string, s, start, pos, endpos, full=False, must_not_end_at=-1):
        if start > endpos:
            return None
        saves = [-1] * (2 * self.groups + 2)
        r = _run(self._code, s, start, endpos, self._nslots, saves, full, must_not_end_at)
        if r is None:
            return None
        end, saves = r
        saves = saves[:]
        saves[0] = start
        saves[1] = end
        return Match(self, string, s, pos, endpos, saves)

    def match(self, string, pos=0, endpos=None):
        s, pos, endpos = self._bounds(string, pos, endpos)
        return self._at(string, s, pos, pos, endpos)

    def fullmatch(self, string, pos=0, endpos=None):
        s, pos, endpos = self._bounds(string, pos, endpos)
        return self._at(string, s, pos, pos, endpos, True)

    def _search(self, string, s, start, pos, endpos, must_not_end_at=-1):
        f = self._first
        while start <= endpos:
            if f is not None:
                start = s.find(f, start, endpos)
                if start < 0:
                    return None
            m = self._at(string, s, start, pos, endpos, False,
                         must_not_end_at if start == must_not_end_at else -1)
            if m is not None:
                return m
            start += 1
        return None

    def search(self, string, pos=0, endpos=None):
        s, pos, endpos = self._bounds(string, pos, endpos)
        return self._search(string, s, pos, pos, endpos)

    def finditer(self, string, pos=0, endpos=None):
        s, pos, endpos = self._bounds(string, pos, endpos)
        start = pos
        block = -1
        while start <= endpos:
            m = self._search(string, s, start, pos, endpos, block)
            if m is None:
                break
            yield m
            start = m.end()
            # after an empty match the next one may start there but not be empty too
            block = start if m.end() == m.start() else -1

    def findall(self, string, pos=0, endpos=None):
        out = []
        for m in self.finditer(string, pos, endpos):
            if self.groups == 0:
                out.append(m.group())
            elif self.groups == 1:
                out.append(m.group(1, 1)[0] or m.string[:0])
            else:
                e = m.string[:0]
                out.append(tuple(g or e for g in m.groups()))
        return out

    def _whole(self, string):
        # sub and split build bytes from any bytes-like subject, as CPython
        return bytes(string) if self._b and isinstance(string, (bytearray, memoryview)) else string

    def subn(self, repl, string, count=0):
        fn = repl if callable(repl) else _expand(self, repl)
        string = self._whole(string)
        out = []
        last = 0
        n = 0
        for m in self.finditer(string):
            if count and n >= count:
                break
            out.append(string[last:m.start()])
            r = fn(m)
            if r is not None:
                out.append(r)
            last = m.end()
            n += 1
        out.append(string[last:])
        return string[:0].join(out), n

    def sub(self, repl, string, count=0):
        return self.subn(repl, string, count)[0]

    def split(self, string, maxsplit=0):
        string = self._whole(string)
        out = []
        last = 0
        n = 0
        for m in self.finditer(string):
            if maxsplit and n >= maxsplit:
                break
            out.append(string[last:m.start()])
            out.extend(m.groups())
            last = m.end()
            n += 1
        out.append(string[last:])
        return out

    def __repr__(self):
        fl = self.flags & ~(0 if self._b else _U)
        names = [n for i, n in enumerate(("IGNORECASE", "LOCALE", "MULTILINE", "DOTALL",
                                          "UNICODE", "VERBOSE", "DEBUG", "ASCII"))
                 if fl & (2 << i)]
        return "re.compile(%r%s)" % (self.pattern,
                                     "".join((", re." if i == 0 else "|re.") + n
                                             for i, n in enumerate(names)))

    def __eq__(self, other):
        return isinstance(other, Pattern) and (self.pattern, self.flags) == (
            other.pattern, other.flags)

    def __hash__(self):
        return hash((self.pattern, self.flags))


def _expand(pattern, template):
    """A function that renders `template` (with \\1, \\g<name> ...) for a match."""
    t = template if isinstance(template, str) else str(template, "latin-1")
    enc = t is not template
    parts = []
    lit = []
    i = 0
    n = len(t)
    while i < n:
        c = t[i]
        i += 1
        if c != "\\":
            lit.append(c)
            continue
        if i >= n:
            raise error("bad escape (end of pattern)", template, n - 1)
        c = t[i]
        i += 1
        idx = None
        if c == "g":
            if i >= n or t[i] != "<":
                raise error("missing <", template, i)
            i += 1
            j = t.find(">", i)
            if j < 0:
                name = t[i:]
                if not name:
                    raise error("missing group name", template, n)
                raise error("missing >, unterminated name", template, i)
            name = t[i:j]
            i = j + 1
            if not name:
                raise error("missing group name", template, j)
            if name.isidentifier():
                idx = pattern.groupindex.get(name)
                if idx is None:
                    raise IndexError("unknown group name %r" % name)
            elif name.isdigit() and name.isascii():
                idx = int(name)
            else:
                raise error("bad character in group name %r" % name, template, j - len(name))
            gpos = j - len(name)
        elif c in _DIGITS:
            j = i
            if c == "0":
                while j < n and j < i + 2 and t[j] in _OCT:
                    j += 1
            elif j < n and t[j] in _DIGITS:
                j += 1
                if c in _OCT and t[j - 1] in _OCT and j < n and t[j] in _OCT:
                    j += 1
                    if int(t[i - 1:j], 8) > 0o377:
                        raise error("octal escape value \\%s outside of range 0-0o377"
                                    % t[i - 1:j], template, i - 2)
            if c == "0" or j - i == 2:
                lit.append(chr(int(t[i - 1:j], 8) & 0xff))
            else:
                idx = int(t[i - 1:j])
                gpos = i - 1
            i = j
        else:
            e = {"n": "\n", "t": "\t", "r": "\r", "f": "\x0c", "v": "\x0b", "a": "\x07",
                 "b": "\b", "\\": "\\"}.get(c)
            if e is None and c.isascii() and c.isalpha():
                raise error("bad escape \\%s" % c, template, i - 2)
            lit.append(e or "\\" + c)
        if idx is not None:
            if idx > pattern.groups:
                raise error("invalid group reference %d" % idx, template, gpos)
            parts.append("".join(lit))
            lit = []
            parts.append(idx)
    parts.append("".join(lit))
    if enc:
        parts = [p if isinstance(p, int) else p.encode("latin-1") for p in parts]

    def render(m):
        e = m.string[:0]
        return e.join((m.group(p) or e) if isinstance(p, int) else p for p in parts)

    return render


_cache = {}


def compile(pattern, flags=0):
    if isinstance(pattern, Pattern):
        if flags:
            raise ValueError("cannot process flags argument with a compiled pattern")
        return pattern
    key = (pattern, flags)
    p = _cache.get(key)
    if p is None:
        if len(_cache) >= 32:
            _cache.clear()
        p = Pattern(pattern, flags)
        _cache[key] = p
    return p


def match(pattern, string, flags=0):
    return compile(pattern, flags).match(string)


def fullmatch(pattern, string, flags=0):
    return compile(pattern, flags).fullmatch(string)


def search(pattern, string, flags=0):
    return compile(pattern, flags).search(string)


def findall(pattern, string, flags=0):
    return compile(pattern, flags).findall(string)


def finditer(pattern, string, flags=0):
    return compile(pattern, flags).finditer(string)


def sub(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).sub(repl, string, count)


def subn(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).subn(repl, string, count)


def split(pattern, string, maxsplit=0, flags=0):
    return compile(pattern, flags).split(string, maxsplit)


def purge():
    _cache.clear()


def escape(pattern):
    if isinstance(pattern, str):
        return "".join("\\" + c if c in _SPECIAL else c for c in pattern)
    return escape(str(pattern, "latin-1")).encode("latin-1")
