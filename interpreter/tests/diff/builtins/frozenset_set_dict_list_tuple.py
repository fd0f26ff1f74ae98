print(set(), set([1, 2, 2]), set("aab") == {"a", "b"}, set(range(3)), set({1: 2}))
print(frozenset(), frozenset([1]) == frozenset({1}))
print(dict(), dict(a=1), dict([(1, 2)]), dict({1: 2}, x=3), dict(zip([1, 2], "ab")))
print(list(), list("ab"), list((1, 2)), list({1: 2}), list(range(3)), list(x for x in "xy"))
print(tuple(), tuple([1]), tuple("ab"), tuple({5: 6}), tuple(range(2)))
try:
    dict([(1, 2, 3)])
except ValueError as e:
    print("ValueError:", e)
try:
    list(5)
except TypeError as e:
    print("TypeError:", e)
