it = iter([1, 2])
print(it.__next__(), next(it))
try:
    it.__next__()
except StopIteration:
    print('stop')
for mk in (lambda: enumerate('ab'), lambda: zip('ab', 'cd'), lambda: map(str, [1]), lambda: filter(None, [0, 5]), lambda: reversed([1, 2]), lambda: iter(range(2)), lambda: iter('xy'), lambda: iter({'k': 1})):
    print(mk().__next__())
print(list(it))
