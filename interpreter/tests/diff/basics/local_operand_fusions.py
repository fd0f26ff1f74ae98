# A local with an int or another local, then an operator or an item read, run as one step
# (LOAD_FAST+BINARY, LOAD_FAST+LOAD_INT with the SUBSCR / BINARY / DUP2 after it, and the
# operator after LOAD_FAST+LOAD_FAST): every type that must still take the general path,
# unbound locals and the errors, with their line numbers.

def arith(a, b):
    c = a + b
    d = a - b
    e = c * d
    f = e - a
    return c, d, e, f, a * b, b * a

for a, b in ((3, 4), (2.5, -1), (1, 0.5), ("ab", "cd"), ([1], [2]), (2**62, 2**62), (-0.0, 0.0),
             (float("inf"), float("-inf")), (True, 2)):
    try:
        print(arith(a, b))
    except TypeError as e:
        print("TypeError", e)

def ints(i, s):
    return i + 1, i - 1, i * 3, i // 2, i % 7, i << 2, i + 32767, i - 32768, i + 100000, s * 2

print(ints(5, "x"), ints(-9, [0]), ints(2**63 - 2, "y"))
try:
    ints(1.5, (1,))
except TypeError as e:
    print("TypeError", e)
try:
    ints("a", "b")
except TypeError as e:
    print("TypeError", e)

def items(v, t, d, s):
    return v[0], v[-1], t[1], d[0], s[2], v[1] * t[0]

print(items([1, 2, 3], (4, 5), {0: "zero"}, "héllo"))
for args in (([], (1, 2), {0: 0}, "abc"), ([1], (1,), {0: 0}, "abc"), ([1], (1, 2), {}, "abc"),
             ([1], (1, 2), {0: 0}, "ab"), (None, (1, 2), {0: 0}, "abc")):
    try:
        print(items(*args))
    except (IndexError, KeyError, TypeError) as e:
        print(type(e).__name__, e, e.__traceback__.tb_next.tb_lineno)

def aug(v, d):
    v[0] += 1
    v[1] -= 2.5
    v[-1] *= 2
    d[0] += "!"
    d[1] = d.get(1, 0) + 1
    return v, d

print(aug([1, 2, 3], {0: "a"}), aug([1.5, 0, "s"], {0: "", 1: 9}))
for v, d in (([1], {0: ""}), ([1, 2, 3], {}), ((1, 2, 3), {0: ""}), ("abc", {0: ""})):
    try:
        print(aug(v, d))
    except (IndexError, KeyError, TypeError) as e:
        print(type(e).__name__, e)

def unbound(flag):
    if flag:
        x = 1
    y = 2
    return y - x

def unbound_item(flag):
    if flag:
        v = [1]
    return v[0]

def unbound_pair(flag):
    if flag:
        w = 3
    z = 4
    return w * z

for f in (unbound, unbound_item, unbound_pair):
    print(f(True))
    try:
        f(False)
    except UnboundLocalError as e:
        print("UnboundLocalError", e, e.__traceback__.tb_next.tb_lineno)

class V:
    def __init__(self, x):
        self.x = x

    def __sub__(self, o):
        return V(self.x - (o.x if isinstance(o, V) else o))

    def __rsub__(self, o):
        return V(o - self.x)

    def __getitem__(self, i):
        return self.x * 10 + i

    def __repr__(self):
        return f"V({self.x})"

def user(a, b):
    c = a - b
    return c, a - 1, 1 - a, a[0], a[-3]

print(user(V(5), V(2)), user(V(1), 7))

# Constants too big for the fused field stay unfused.
def wide(i):
    return i + 40000, i - 8388607, i * 70000, [0, 1, 2][i - 40000 + 40001]

print(wide(1))
total = 0
for i in range(10):
    total += i
    total -= 1
print(total)
