# del of an extended slice removes exactly the selected items, whichever way the step goes
for sl in [slice(None, None, 2), slice(1, None, 3), slice(None, None, -1), slice(None, None, -2),
           slice(8, 1, -3), slice(-1, -8, -2), slice(2, 3, -1), slice(6, 2, 1), slice(0, 10, 4)]:
    l = list(range(10))
    del l[sl]
    print(sl, l)
l = list("abcdefgh")
del l[::-3]
print(l)
l = []
del l[::-1]
print(l)
