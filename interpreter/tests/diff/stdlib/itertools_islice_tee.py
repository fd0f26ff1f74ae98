# itertools: islice (and CPython's messages for its bounds), tee, zip_longest, pairwise, and
# which tools check their arguments when made, which when first advanced
from itertools import count, cycle, chain, islice, tee, zip_longest, pairwise

print(list(islice("ABCDEFG", 2)), list(islice("ABCDEFG", 2, 4)), list(islice("ABCDEFG", 2, None)),
      list(islice("ABCDEFG", 0, None, 2)), list(islice("ABC", None)), list(islice("ABC", 5, 2)))
src = iter(range(10))
print(list(islice(src, 3, 3)), next(src))
a, b = tee([1, 2, 3])
print(list(a), list(b), len(tee("x", 3)), tee("x", 0))
a, b = tee(count())
print(next(a), next(a), next(b), next(a), next(b))
print(list(zip_longest("ABCD", "xy", fillvalue="-")), list(zip_longest()), list(zip_longest([1], [])))
print(list(pairwise("ABCD")), list(pairwise("A")), list(pairwise([])))

def show(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)

show(lambda: islice([], -1))
show(lambda: islice([], 1, -1))
show(lambda: islice([], 0, 5, 0))
show(lambda: islice([], "a"))
show(lambda: islice([]))
show(lambda: tee([], -1))
show(lambda: count("a"))
show(lambda: cycle(5))
show(lambda: zip_longest([], 3))
show(lambda: next(chain([1], 5, [2])))
c = chain([1], 5)
print(next(c))
show(lambda: next(c))
show(lambda: islice([], -2))
show(lambda: islice([], -1, 3))
show(lambda: islice([], "x", 3))
show(lambda: islice([], 2**70))
print(list(islice(range(10), 2.0.__int__(), True + 3)))
