# Builtins that consume a generator or a Python iterator (they continue as bytecode in
# pyrite, so the embedder's budget is respected): results, side-effect order and errors.
def gen(n):
    for i in range(n):
        yield i

def noisy(n):
    for i in range(n):
        print("  yield", i)
        yield i
    print("  done")

print(sum(gen(10)), sum(gen(5), 100), sum((x * 0.5 for x in range(4)), 0.25))
print(sum(([i] for i in gen(3)), []))
start = [0]
print(sum(([i] for i in gen(2)), start), start)
print(min(gen(5)), max(gen(5)), max(gen(5), key=lambda x: -x), min(gen(0), default="d"))
print(max((x % 3 for x in gen(9))), max(((x % 3, x) for x in gen(9)), key=lambda t: t[0]))
print(min(((x % 3, x) for x in gen(9)), key=lambda t: t[0]), max(gen(3), key=None))
for f in (min, max):
    try:
        f(x for x in [])
    except ValueError as e:
        print("ValueError:", e)
print(any(x > 3 for x in gen(10)), all(x < 3 for x in gen(10)), any(gen(0)), all(gen(0)))
print(any(noisy(5)), all(noisy(3)))
print(list(gen(4)), tuple(gen(4)), sorted(gen(4), reverse=True))
print(sorted(gen(6), key=lambda x: x % 2), sorted((x % 3 for x in gen(7))))
print(sorted(set(gen(4))), sorted(frozenset(gen(4))), dict((i, i * i) for i in gen(3)))
print(dict(((i, i) for i in gen(2)), z=5), type(frozenset(gen(2))).__name__)
print("-".join(str(i) for i in gen(5)), bytes(gen(5)), bytearray(x for x in gen(3)))
l = [9]
l.extend(gen(3))
print(l)
print(3 in gen(5), 7 in gen(5), 3 not in gen(5), 7 not in gen(5))
print(2 in noisy(5))
a, b, c = gen(3)
print(a, b, c)
a, *b = gen(4)
print(a, b)
*a, b = noisy(3)
print(a, b)
print([*gen(3), *gen(2)], sorted({*gen(3)}))

def f(*a, **k):
    return a, k

print(f(*gen(3)), f(1, *gen(2)), f(*gen(2), x=1))
for n in (5, 1):
    try:
        a, b = gen(n)
    except ValueError as e:
        print("ValueError:", e)

def inf():
    i = 0
    while True:
        print("  inf", i)
        yield i
        i += 1

try:
    a, b = inf()
except ValueError as e:
    print("ValueError:", e)
print(3 in inf())
print(any(x > 2 for x in inf()))
