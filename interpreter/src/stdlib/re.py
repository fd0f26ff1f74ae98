"""re: regular expressions with a backtracking matcher (a subset of CPython's re syntax).

Supported: literals, `.`, classes (`[...]`, `\\d\\w\\s` and negations), groups (capturing,
named `(?P<n>...)`, `(?:...)`), backreferences (`\\1`, `(?P=n)`), lookahead/lookbehind
(fixed width), greedy and lazy and possessive quantifiers (`* + ? {m,n}`, `*+` ...), atomic groups `(?>...)`, anchors (`^ $ \\A \\Z \\b \\B`),
alternation and the flags I, M, S, X, A. The matcher keeps its own backtracking stack, so long
subjects do not recurse.
"""

I = IGNORECASE = 2
L = LOCALE = 4
M = MULTILINE = 8
S = DOTALL = 16
U = UNICODE = 32
X = VERBOSE = 64
A = ASCII = 256
NOFLAG = 0


class error(Exception):
    def __init__(self, msg, pattern=None, pos=None):
        if pos is not None:
            msg = "%s at position %d" % (msg, pos)
        Exception.__init__(self, msg)
        self.msg = msg
        self.pattern = pattern
        self.pos = pos


_DIGITS = "0123456789"
_SPECIAL = "()[]{}?*+-|^$\\.&~# \t\n\r\x0b\x0c"


def _is_word(c):
    return c.isalnum() or c == "_"


def _class_test(kind, c):
    if kind == "d":
        return c in _DIGITS or (c.isdigit() and not c.isascii())
    if kind == "w":
        return _is_word(c)
    if kind == "s":
        return c in " \t\n\r\x0b\x0c" or (c.isspace() and not c.isascii())
    if kind == "D":
        return not _class_test("d", c)
    if kind == "W":
        return not _is_word(c)
    return not _class_test("s", c)


# ----------------------------------------------------------------- parser
# Node kinds: ("lit", ch), ("any",), ("set", negate, items), ("cat", [nodes]),
# ("alt", [nodes]), ("group", idx or None, node), ("rep", node, min, max, greedy),
# ("bol",), ("eol",), ("start",), ("end",), ("wordb",), ("nwordb",),
# ("look", ahead, negate, node), ("backref", idx)


class _Parser:
    def __init__(self, pattern, flags):
        self.p = pattern
        self.i = 0
        self.flags = flags
        self.ngroups = 0
        self.names = {}

    def err(self, msg, pos=None):
        return error(msg, self.p, self.i if pos is None else pos)

    def peek(self):
        return self.p[self.i] if self.i < len(self.p) else None

    def skip_verbose(self):
        if not self.flags & X:
            return
        p = self.p
        while self.i < len(p):
            c = p[self.i]
            if c in " \t\n\r\x0b\x0c":
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
        return node

    def alt(self):
        branches = [self.cat()]
        while self.peek() == "|":
            self.i += 1
            branches.append(self.cat())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def cat(self):
        items = []
        while True:
            self.skip_verbose()
            c = self.peek()
            if c is None or c == "|" or c == ")":
                break
            atom = self.atom()
            atom = self.quant(atom)
            items.append(atom)
        return items[0] if len(items) == 1 else ("cat", items)

    def quant(self, atom):
        while True:
            self.skip_verbose()
            c = self.peek()
            start = self.i
            if c == "*":
                lo, hi = 0, None
                self.i += 1
            elif c == "+":
                lo, hi = 1, None
                self.i += 1
            elif c == "?":
                lo, hi = 0, 1
                self.i += 1
            elif c == "{":
                r = self.braces()
                if r is None:
                    return atom
                lo, hi = r
            else:
                return atom
            if atom[0] in ("bol", "eol", "start", "end", "wordb", "nwordb"):
                raise self.err("nothing to repeat", start)
            if atom[0] == "rep":
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
                atom = ("atomic", atom)
                if self.peek() in ("*", "+", "?", "{"):
                    raise self.err("multiple repeat")

    def braces(self):
        p = self.p
        j = self.i + 1
        k = j
        while k < len(p) and p[k] in _DIGITS:
            k += 1
        lo_s = p[j:k]
        hi_s = lo_s
        if k < len(p) and p[k] == ",":
            m = k + 1
            while m < len(p) and p[m] in _DIGITS:
                m += 1
            hi_s = p[k + 1:m]
            k = m
            comma = True
        else:
            comma = False
        if k >= len(p) or p[k] != "}" or (not lo_s and not comma):
            return None  # a literal '{'
        lo = int(lo_s) if lo_s else 0
        hi = int(hi_s) if hi_s else None
        if hi is not None and hi < lo:
            raise self.err("min repeat greater than max repeat", j)
        self.i = k + 1
        return lo, hi

    def atom(self):
        p = self.p
        c = p[self.i]
        start = self.i
        self.i += 1
        if c == ".":
            return ("any",)
        if c == "^":
            return ("bol",)
        if c == "$":
            return ("eol",)
        if c == "[":
            return self.charset()
        if c == "\\":
            return self.escape(False)
        if c == "(":
            return self.group(start)
        if c in "*+?":
            raise self.err("nothing to repeat", start)
        if c == "{" and self.braces_is_quant(start):
            raise self.err("nothing to repeat", start)
        return ("lit", c)

    def braces_is_quant(self, start):
        save = self.i
        self.i = start
        r = self.braces()
        self.i = save
        return r is not None

    def group(self, start):
        p = self.p
        if p.startswith("?", self.i):
            self.i += 1
            c = self.peek()
            if c is None:
                raise self.err("unexpected end of pattern")
            if c == ":":
                self.i += 1
                node = self.alt()
                self.close(start)
                return ("group", None, node)
            if c == ">":
                self.i += 1
                node = self.alt()
                self.close(start)
                return ("atomic", node)
            if c == "P" and p.startswith("P<", self.i):
                end = p.find(">", self.i)
                if end < 0:
                    raise self.err("missing >, unterminated name", self.i + 2)
                name = p[self.i + 2:end]
                if not name.isidentifier():
                    raise self.err("bad character in group name %r" % name, self.i + 2)
                if name in self.names:
                    raise self.err("redefinition of group name %r as group %d; was group %d"
                                   % (name, self.ngroups + 1, self.names[name]), self.i + 2)
                self.i = end + 1
                self.ngroups += 1
                idx = self.ngroups
                self.names[name] = idx
                node = self.alt()
                self.close(start)
                return ("group", idx, node)
            if c == "P" and p.startswith("P=", self.i):
                end = p.find(")", self.i)
                if end < 0:
                    raise self.err("missing ), unterminated name", self.i + 2)
                name = p[self.i + 2:end]
                if name not in self.names:
                    raise self.err("unknown group name %r" % name, self.i + 2)
                self.i = end + 1
                return ("backref", self.names[name])
            if c == "#":
                end = p.find(")", self.i)
                if end < 0:
                    raise self.err("missing ), unterminated comment", start)
                self.i = end + 1
                return ("cat", [])
            if c in "=!":
                self.i += 1
                node = self.alt()
                self.close(start)
                return ("look", True, c == "!", node)
            if c == "<" and self.i + 1 < len(p) and p[self.i + 1] in "=!":
                neg = p[self.i + 1] == "!"
                self.i += 2
                node = self.alt()
                self.close(start)
                if _width(node) is None:
                    raise error("look-behind requires fixed-width pattern")
                return ("look", False, neg, node)
            # inline flags such as (?i)
            j = self.i
            fl = 0
            while j < len(p) and p[j] in "aiLmsux":
                fl |= {"a": A, "i": I, "L": L, "m": M, "s": S, "u": U, "x": X}[p[j]]
                j += 1
            if j < len(p) and p[j] == ")" and j > self.i:
                if start != 0:
                    raise self.err("global flags not at the start of the expression", start)
                self.flags |= fl
                self.i = j + 1
                return ("cat", [])
            raise self.err("unknown extension ?" + (p[self.i] if self.i < len(p) else ""),
                           self.i - 1)
        self.ngroups += 1
        idx = self.ngroups
        node = self.alt()
        self.close(start)
        return ("group", idx, node)

    def close(self, start):
        if self.peek() != ")":
            raise self.err("missing ), unterminated subpattern", start)
        self.i += 1

    def escape(self, in_set):
        p = self.p
        if self.i >= len(p):
            raise self.err("bad escape (end of pattern)", self.i - 1)
        c = p[self.i]
        self.i += 1
        if c in "dwsDWS":
            return ("cls", c)
        simple = {"n": "\n", "t": "\t", "r": "\r", "f": "\x0c", "v": "\x0b", "a": "\x07",
                  "0": "\0"}
        if c == "0":
            j = self.i
            while j < len(p) and j < self.i + 2 and p[j] in "01234567":
                j += 1
            v = int("0" + p[self.i:j], 8)
            self.i = j
            return ("lit", chr(v))
        if c in simple:
            return ("lit", simple[c])
        if c == "x":
            h = p[self.i:self.i + 2]
            if len(h) != 2 or not all(ch in "0123456789abcdefABCDEF" for ch in h):
                raise self.err("incomplete escape \\x" + h, self.i - 2)
            self.i += 2
            return ("lit", chr(int(h, 16)))
        if c in "uU":
            n = 4 if c == "u" else 8
            h = p[self.i:self.i + n]
            if len(h) != n or not all(ch in "0123456789abcdefABCDEF" for ch in h):
                raise self.err("incomplete escape \\%s%s" % (c, h), self.i - 2)
            self.i += n
            return ("lit", chr(int(h, 16)))
        if not in_set:
            if c == "b":
                return ("wordb",)
            if c == "B":
                return ("nwordb",)
            if c == "A":
                return ("start",)
            if c == "Z":
                return ("end",)
            if c in "123456789":
                j = self.i
                while j < len(p) and j < self.i + 1 and p[j] in _DIGITS:
                    j += 1
                n = int(p[self.i - 1:j])
                self.i = j
                if n > self.ngroups:
                    raise self.err("invalid group reference %d" % n, self.i - len(str(n)))
                return ("backref", n)
        elif c == "b":
            return ("lit", "\b")
        if c.isalnum() and c.isascii():
            raise self.err("bad escape \\" + c, self.i - 2)
        return ("lit", c)

    def charset(self):
        p = self.p
        start = self.i - 1
        negate = False
        if self.peek() == "^":
            negate = True
            self.i += 1
        items = []
        first = True
        while True:
            if self.i >= len(p):
                raise self.err("unterminated character set", start)
            c = p[self.i]
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            self.i += 1
            if c == "\\":
                item = self.escape(True)
            else:
                item = ("lit", c)
            if (item[0] == "lit" and self.peek() == "-" and self.i + 1 < len(p)
                    and p[self.i + 1] != "]"):
                self.i += 1
                d = p[self.i]
                self.i += 1
                if d == "\\":
                    hi = self.escape(True)
                    if hi[0] != "lit":
                        raise self.err("bad character range", start)
                    d = hi[1]
                if ord(d) < ord(item[1]):
                    raise self.err("bad character range %s-%s" % (item[1], d), start + 1)
                items.append(("range", item[1], d))
            else:
                items.append(item)
        return ("set", negate, items)


def _width(node):
    """The fixed width of a node, or None if it varies."""
    k = node[0]
    if k in ("lit", "any", "set", "cls"):
        return 1
    if k in ("bol", "eol", "start", "end", "wordb", "nwordb", "look"):
        return 0
    if k == "cat":
        total = 0
        for n in node[1]:
            w = _width(n)
            if w is None:
                return None
            total += w
        return total
    if k == "alt":
        ws = [_width(n) for n in node[1]]
        if None in ws or len(set(ws)) != 1:
            return None
        return ws[0]
    if k == "group":
        return _width(node[2])
    if k == "atomic":
        return _width(node[1])
    if k == "rep":
        w = _width(node[1])
        if w is None or node[3] != node[2]:
            return None
        return w * node[2]
    return None


# ----------------------------------------------------------------- compiler
# Instructions (tuples): ("char", c), ("any",), ("set", neg, items), ("cls", k),
# ("split", a, b), ("jmp", a), ("save", n), ("match",), ("assert", kind),
# ("look", ahead, neg, prog, width), ("backref", n), ("mark", slot), ("check", slot, loop_end)


class _Compiler:
    def __init__(self, flags):
        self.code = []
        self.flags = flags
        self.slots = 0

    def emit(self, ins):
        self.code.append(ins)
        return len(self.code) - 1

    def comp(self, node):
        k = node[0]
        code = self.code
        if k == "lit":
            self.emit(("char", node[1]))
        elif k in ("any", "set", "cls"):
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
            if lo > 1000 or (hi is not None and hi > 1000):
                # bound the program size; CPython allows more but such patterns are rare
                raise error("repetition count too large for this implementation")
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
        elif k in ("bol", "eol", "start", "end", "wordb", "nwordb"):
            self.emit(("assert", k))
        elif k == "look":
            sub = _Compiler(self.flags)
            sub.slots = self.slots
            sub.comp(node[3])
            sub.emit(("match",))
            self.slots = sub.slots
            self.emit(("look", node[1], node[2], sub.code, _width(node[3])))
        elif k == "backref":
            self.emit(("backref", node[1]))
        elif k == "atomic":
            sub = _Compiler(self.flags)
            sub.slots = self.slots
            sub.comp(node[1])
            sub.emit(("match",))
            self.slots = sub.slots
            self.emit(("atomic", sub.code))


def _lower(c):
    return c.lower()


def _set_match(neg, items, c, icase):
    hit = False
    cands = (c, c.lower(), c.upper()) if icase else (c,)
    for ch in cands:
        for it in items:
            t = it[0]
            if t == "lit":
                if it[1] == ch:
                    hit = True
                    break
            elif t == "range":
                if it[1] <= ch <= it[2]:
                    hit = True
                    break
            elif _class_test(it[1], ch):
                hit = True
                break
        if hit:
            break
    return hit != neg


def _run(code, s, start, end_limit, flags, nslots, saves, must_not_end_at):
    """Runs the program at `start`; returns (end, saves) or None. Iterative backtracking."""
    icase = flags & I
    dotall = flags & S
    multi = flags & M
    n = end_limit
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
                if pos < n and (s[pos] == ins[1] or (icase and s[pos].lower() == ins[1].lower())):
                    pos += 1
                    pc += 1
                    continue
                break
            if op == "any":
                if pos < n and (dotall or s[pos] != "\n"):
                    pos += 1
                    pc += 1
                    continue
                break
            if op == "set":
                if pos < n and _set_match(ins[1], ins[2], s[pos], icase):
                    pos += 1
                    pc += 1
                    continue
                break
            if op == "cls":
                if pos < n and _class_test(ins[1], s[pos]):
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
            if op == "check":
                # an empty iteration ends the loop but keeps its captures, as SRE does
                pc = ins[2] if marks[ins[1]] == pos else pc + 1
                continue
            if op == "match":
                if pos == must_not_end_at:
                    break
                return pos, saves
            if op == "assert":
                k = ins[1]
                if k == "bol":
                    ok = pos == 0 or (multi and s[pos - 1] == "\n")
                elif k == "eol":
                    ok = pos == len(s) or (s[pos] == "\n" and (multi or pos == len(s) - 1))
                elif k == "start":
                    ok = pos == 0
                elif k == "end":
                    ok = pos == len(s)
                else:
                    before = pos > 0 and _is_word(s[pos - 1])
                    after = pos < len(s) and _is_word(s[pos])
                    ok = (before != after) if k == "wordb" else (before == after)
                if not ok:
                    break
                pc += 1
                continue
            if op == "look":
                ahead, neg, sub, width = ins[1], ins[2], ins[3], ins[4]
                if ahead:
                    r = _run(sub, s, pos, len(s), flags, nslots, saves, -1)
                elif pos - width < 0:
                    r = None
                else:
                    r = _run(sub, s, pos - width, pos, flags, nslots, saves, -1)
                    if r is not None and r[0] != pos:
                        r = None
                if (r is None) != neg:
                    break
                if r is not None and not neg:
                    saves = r[1]
                pc += 1
                continue
            if op == "atomic":
                # the first way the group matches is final: no backtracking into it
                r = _run(ins[1], s, pos, n, flags, nslots, saves, -1)
                if r is None:
                    break
                pos, saves = r
                pc += 1
                continue
            if op == "backref":
                a = saves[2 * ins[1]]
                b = saves[2 * ins[1] + 1]
                if a < 0 or b < 0:
                    break
                text = s[a:b]
                got = s[pos:pos + len(text)]
                if got == text or (icase and got.lower() == text.lower()):
                    pos += len(text)
                    pc += 1
                    continue
                break
            break
    return None


# ----------------------------------------------------------------- objects


class Match:
    def __init__(self, pattern, string, pos, endpos, saves):
        self.re = pattern
        self.string = string
        self.pos = pos
        self.endpos = endpos
        self._saves = saves
        last = None
        best = -1
        for g in range(1, pattern.groups + 1):
            e = saves[2 * g + 1]
            if saves[2 * g] >= 0 and e >= 0 and e >= best:
                if e > best or last is None:
                    best = e
                    last = g
        self.lastindex = last
        self.lastgroup = None
        if last is not None:
            for name, idx in pattern.groupindex.items():
                if idx == last:
                    self.lastgroup = name

    def _idx(self, g):
        if isinstance(g, str):
            idx = self.re.groupindex.get(g)
            if idx is None:
                raise IndexError("no such group")
            return idx
        if isinstance(g, int) and 0 <= g <= self.re.groups:
            return g
        raise IndexError("no such group")

    def _get(self, g, default=None):
        idx = self._idx(g)
        a = self._saves[2 * idx]
        b = self._saves[2 * idx + 1]
        if a < 0 or b < 0:
            return default
        return self.string[a:b]

    def group(self, *groups):
        if not groups:
            return self._get(0)
        if len(groups) == 1:
            return self._get(groups[0])
        return tuple(self._get(g) for g in groups)

    def __getitem__(self, g):
        return self._get(g)

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

    def __bool__(self):
        return True

    def __repr__(self):
        return "<re.Match object; span=%r, match=%r>" % (self.span(), self.group())


class Pattern:
    def __init__(self, pattern, flags):
        self.pattern = pattern
        if isinstance(pattern, (bytes, bytearray)):
            raise TypeError("bytes patterns are not supported")
        parser = _Parser(pattern, flags)
        tree = parser.parse()
        self.flags = parser.flags | (U if not parser.flags & A else 0)
        self.groups = parser.ngroups
        self.groupindex = dict(parser.names)
        comp = _Compiler(self.flags)
        comp.comp(tree)
        comp.emit(("match",))
        self._code = comp.code
        self._nslots = comp.slots

    def _at(self, string, pos, endpos, must_not_end_at=-1):
        saves = [-1] * (2 * self.groups + 2)
        saves[0] = pos
        r = _run(self._code, string, pos, endpos, self.flags, self._nslots, saves,
                 must_not_end_at)
        if r is None:
            return None
        end, saves = r
        saves = saves[:]
        saves[0] = pos
        saves[1] = end
        return Match(self, string, pos, endpos, saves)

    def _bounds(self, string, pos, endpos):
        if not isinstance(string, str):
            raise TypeError("expected string or bytes-like object, got '%s'"
                            % type(string).__name__)
        n = len(string)
        if endpos is None or endpos > n:
            endpos = n
        if pos < 0:
            pos = 0
        return pos, endpos

    def match(self, string, pos=0, endpos=None):
        pos, endpos = self._bounds(string, pos, endpos)
        return self._at(string, pos, endpos)

    def fullmatch(self, string, pos=0, endpos=None):
        pos, endpos = self._bounds(string, pos, endpos)
        m = self._at(string[:endpos], pos, endpos)
        if m is not None and m.end() == endpos:
            return m
        if m is None:
            return None
        # retry demanding the whole subject: anchor with a lookahead-free wrapper
        p = Pattern("(?:%s)\\Z" % self.pattern, self.flags & ~U)
        m = p._at(string[:endpos], pos, endpos)
        if m is None:
            return None
        m.re = self
        return m

    def _search(self, string, pos, endpos, must_not_end_at=-1):
        for start in range(pos, endpos + 1):
            m = self._at(string, start, endpos, must_not_end_at if start == must_not_end_at
                         else -1)
            if m is not None:
                return m
        return None

    def search(self, string, pos=0, endpos=None):
        pos, endpos = self._bounds(string, pos, endpos)
        return self._search(string, pos, endpos)

    def finditer(self, string, pos=0, endpos=None):
        pos, endpos = self._bounds(string, pos, endpos)
        out = []
        block = -1
        while pos <= endpos:
            m = self._search(string, pos, endpos, block)
            if m is None:
                break
            out.append(m)
            pos = m.end()
            block = pos if m.end() == m.start() else -1
            if m.end() == m.start():
                block = pos
        return iter(out)

    def findall(self, string, pos=0, endpos=None):
        out = []
        for m in self.finditer(string, pos, endpos):
            if self.groups == 0:
                out.append(m.group())
            elif self.groups == 1:
                out.append(m.group(1) or "")
            else:
                out.append(tuple(g or "" for g in m.groups()))
        return out

    def subn(self, repl, string, count=0):
        if callable(repl):
            fn = repl
        else:
            if not isinstance(repl, str):
                raise TypeError("expected str instance, %s found" % type(repl).__name__)
            fn = _expand(self, repl)
        out = []
        last = 0
        n = 0
        for m in self.finditer(string):
            if count and n >= count:
                break
            out.append(string[last:m.start()])
            r = fn(m)
            if not isinstance(r, str):
                raise TypeError("expected str instance, %s found" % type(r).__name__)
            out.append(r)
            last = m.end()
            n += 1
        out.append(string[last:])
        return "".join(out), n

    def sub(self, repl, string, count=0):
        return self.subn(repl, string, count)[0]

    def split(self, string, maxsplit=0):
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
        return "re.compile(%r)" % (self.pattern,)

    def __eq__(self, other):
        return isinstance(other, Pattern) and (self.pattern, self.flags) == (
            other.pattern, other.flags)

    def __hash__(self):
        return hash((self.pattern, self.flags))


def _expand(pattern, template):
    """A function that renders `template` (with \\1, \\g<name> ...) for a match."""
    parts = []
    i = 0
    n = len(template)
    lit = []
    while i < n:
        c = template[i]
        if c != "\\":
            lit.append(c)
            i += 1
            continue
        i += 1
        if i >= n:
            raise error("bad escape (end of pattern)", template, i - 1)
        c = template[i]
        i += 1
        if c == "g":
            if i >= n or template[i] != "<":
                raise error("missing <", template, i)
            end = template.find(">", i)
            if end < 0:
                raise error("missing >, unterminated name", template, i + 1)
            name = template[i + 1:end]
            i = end + 1
            if name.isdigit():
                idx = int(name)
                if idx > pattern.groups:
                    raise error("invalid group reference %d" % idx, template, i)
            elif name in pattern.groupindex:
                idx = pattern.groupindex[name]
            else:
                raise IndexError("unknown group name %r" % name)
            parts.append("".join(lit))
            lit = []
            parts.append(idx)
        elif c in _DIGITS:
            j = i
            if j < n and template[j] in _DIGITS:
                j += 1
            idx = int(template[i - 1:j])
            i = j
            if idx > pattern.groups:
                raise error("invalid group reference %d" % idx, template, i - 1)
            parts.append("".join(lit))
            lit = []
            parts.append(idx)
        else:
            simple = {"n": "\n", "t": "\t", "r": "\r", "f": "\x0c", "v": "\x0b", "a": "\x07",
                      "b": "\b", "\\": "\\"}
            if c in simple:
                lit.append(simple[c])
            elif c.isalpha() and c.isascii():
                raise error("bad escape \\%s" % c, template, i - 2)
            else:
                lit.append("\\" + c)
    parts.append("".join(lit))

    def render(m):
        out = []
        for p in parts:
            if isinstance(p, int):
                out.append(m.group(p) or "")
            else:
                out.append(p)
        return "".join(out)

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
    return "".join("\\" + c if c in _SPECIAL else c for c in pattern)
