# `from itertools import *` gives every public tool of CPython 3.11's itertools (and no more)
from itertools import *

print(sorted(n for n in dir() if not n.startswith("_")))
print(list(pairwise(accumulate(chain(repeat(1, 3), islice(count(5), 2))))))
