# itertools: groupby (groups share the underlying iterator)
from itertools import groupby

print([(k, list(g)) for k, g in groupby("AAAABBBCCDAABBB")])
print([k for k, g in groupby("AAAABBBCCD")])
print([(k, len(list(g))) for k, g in groupby(sorted(["apple", "bob", "cat", "avocado"], key=len), key=len)])
groups = list(groupby("aabbc"))
print([list(g) for k, g in groups])
