def g():
    yield 1
gen = g()
print(gen.gi_running if hasattr(gen, "gi_running") else False)
def reentrant():
    yield next(me)
me = reentrant()
try:
    next(me)
except ValueError as e:
    print("ValueError:", e)
def counter():
    i = 0
    while i < 3:
        i += 1
        yield i
c = counter()
print(list(zip(c, "abcdef")))
print(list(c))
it = iter(counter())
for x in it:
    if x == 1:
        print("skipping", next(it))
    else:
        print("saw", x)
