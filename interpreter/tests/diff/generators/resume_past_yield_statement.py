# A `yield` statement's sent value is dropped: pyrite resumes such a generator past the POP
# that drops it. Values sent to it, exceptions thrown in (with their line numbers), close(),
# and `yield from` a list resumed by for/next/send.


def stmt_gen(log):
    i = 0
    while i < 4:
        yield i
        log.append(i)
        i += 1


log = []
g = stmt_gen(log)
print(next(g), g.send("ignored"), g.send(None), next(g), log)
try:
    g.throw(KeyError("k"))
except KeyError as e:
    tb = e.__traceback__
    lines = []
    while tb is not None:
        lines.append(tb.tb_lineno)
        tb = tb.tb_next
    print("KeyError", e, lines)
print(list(g))  # (gi_running is host-only: this program runs on the boards too)


def catcher():
    while True:
        try:
            yield 1
        except ValueError as e:
            print("caught", e)
            yield "after"


c = catcher()
print(next(c), c.send(3), c.throw(ValueError("v")), next(c), next(c))
c.close()
print(next(c, "closed"))


# A yield statement as the last statement of a loop body and of a `with` block.
class Ctx:
    def __enter__(self):
        print("enter")
        return self

    def __exit__(self, *a):
        print("exit", a[0].__name__ if a[0] else None)
        return False


def with_gen():
    with Ctx():
        for k in range(3):
            yield k
    yield "out"


print(list(with_gen()))
w = with_gen()
print(next(w), w.send(1))
w.close()


# `yield from` a list, tuple and range, resumed by a for loop, next() and send(None);
# exceptions from the sequence's consumer and a non-None send.
def flat(chunks):
    for c in chunks:
        r = yield from c
        print("r", r)


print(sum(flat([[1, 2], (3, 4), range(5, 7), []])))
f = flat([[1, 2, 3]])
print(next(f), f.send(None), next(f))
try:
    f.send(9)
except AttributeError as e:
    print("AttributeError", e)


def deleg():
    yield from [10, 20]
    yield from []
    yield 30


d = deleg()
for x in d:
    print("x", x)

# Mixed: a generator that yields statements and expressions alternately under send().
def mixed():
    a = yield 1
    yield a
    b = yield 3
    yield (a, b)


m = mixed()
print(next(m), m.send("A"), m.send("ignored"), m.send("B"))


# A `for` over a generator stores each item in its target as the generator yields: plain
# locals (alone and followed by a read), tuple, attribute, subscript and global targets.
def count(n):
    for i in range(n):
        yield i * 10


def targets():
    out = []
    for x in count(3):
        out.append(x)
    for y in count(2):
        pass
    for a, b in ((i, -i) for i in range(2)):
        out.append((a, b))

    class Box:
        pass

    box = Box()
    for box.v in count(2):
        out.append(box.v)
    d = {}
    for d["k"] in count(2):
        out.append(dict(d))
    total = 0
    for z in count(4):
        total = total + z
    else:
        out.append(("else", z))
    return out, x, y, total


print(targets())
for gx in count(3):
    pass
print(gx)


def stop_early():
    for w in count(10):
        if w > 20:
            return w
    return None


print(stop_early())


def raising_body():
    try:
        for v in count(5):
            if v == 20:
                raise ValueError(v)
    except ValueError as e:
        return ("caught", e.args, v)


print(raising_body())


# A loop body ending in its `yield`: resumed, the loop goes on at its head; a throw is
# raised at the yield's line, an error of the loop's iterator at the `for` line.
def tb_lines(e):
    tb = e.__traceback__
    out = []
    while tb is not None:
        out.append(tb.tb_lineno)
        tb = tb.tb_next
    return out


def loop_gen(it):
    for i in it:
        yield i


lg = loop_gen(range(3))
print(next(lg), next(lg))
try:
    lg.throw(ValueError("t"))
except ValueError as e:
    print("ValueError", e, tb_lines(e))


class BadIter:
    def __init__(self):
        self.n = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.n += 1
        if self.n > 2:
            raise KeyError(self.n)
        return self.n


bg = loop_gen(BadIter())
try:
    for v in bg:
        print("v", v)
except KeyError as e:
    print("KeyError", e, tb_lines(e))


def while_gen(n):
    while n > 0:
        yield n
        n -= 1
    yield "end"


print(list(while_gen(3)), [x for x in loop_gen("ab")], sum(loop_gen([1, 2, 3])))
