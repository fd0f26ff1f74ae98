# itertools: the infinite and the filtering tools (islice/tee/zip_longest/pairwise:
# itertools_islice_tee.py; the combinatoric ones: itertools_combinatoric.py; groupby and
# `import *`: itertools_groupby.py)
import itertools as it
from itertools import count, cycle, repeat, accumulate, chain, compress, dropwhile, takewhile
from itertools import filterfalse, starmap, islice

print(list(islice(count(), 5)), list(islice(count(10, 2.5), 3)), list(islice(count(-1, -1), 3)))
print(list(islice(cycle("ab"), 5)), list(cycle([])))
print(list(repeat("x", 3)), list(repeat(1, -2)), list(islice(repeat(7), 2)))
print(list(accumulate([1, 2, 3, 4])), list(accumulate([1, 2, 3], lambda a, b: a * b)))
print(list(accumulate([], initial=5)), list(accumulate([1, 2], initial=10)), list(accumulate([])))
print(list(chain("ab", [1, 2], ())), list(chain.from_iterable(["xy", "z"])))
print(list(compress("ABCDEF", [1, 0, 1, 0, 1, 1])), list(compress("AB", [1])))
print(list(dropwhile(lambda x: x < 5, [1, 4, 6, 4, 1])), list(takewhile(lambda x: x < 5, [1, 4, 6, 4, 1])))
print(list(filterfalse(lambda x: x % 2, range(10))), list(filterfalse(None, [0, 1, "", "a"])))
print(list(starmap(pow, [(2, 5), (3, 2)])))
