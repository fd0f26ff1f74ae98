l = list(range(10))
l[2:5] = ['a', 'b']; print(l)
l[::3] = [0, 0, 0]; print(l)
try:
    l[::2] = [1]
except ValueError as e:
    print(e)
del l[1::2]; print(l)
l[len(l):] = [99]; print(l, l[-1:-4:-1], l[::-2], l[100:], l[-100:2])
s = 'abcdefgh'
print(s[::-1], s[1:7:2], s[-3:], s[:-3], s[5:2:-1])
d = {'a': 1, 'b': 2, 'c': 3}
k, v, it = d.keys(), d.values(), d.items()
d['d'] = 4
print(list(k), list(v), list(it), len(k))
print(k & {'a', 'z'}, sorted(k | {'z'}), sorted(k - {'a'}), ('a', 1) in it, k == {'a', 'b', 'c', 'd'})
print(dict(sorted(d.items(), key=lambda kv: -kv[1])), d | {'e': 5}, {**d, 'a': 0})
d2 = dict.fromkeys('xyz', 0); d2.update(x=1); d2.setdefault('w', []).append(1); print(d2)
print(d.pop('a'), d.pop('zz', None), d.get('q', 'dflt'), list(reversed(d)), d.popitem())
s1, s2 = {1, 2, 3}, {2, 3, 4}
print(s1 & s2, s1 | s2, s1 ^ s2, s1 - s2, s1 <= {1, 2, 3, 4}, s1.isdisjoint({9}), frozenset([1]) | {2})
s1 |= {7}; s1 -= {1}; print(sorted(s1))
data = [('b', 2), ('a', 2), ('c', 1), ('a', 1)]
print(sorted(data, key=lambda t: t[1]), sorted(data, key=lambda t: t[1], reverse=True), sorted(data))
words = ['banana', 'Apple', 'cherry', 'apple']
print(sorted(words, key=str.lower), sorted(words, key=len, reverse=True), max(words, key=len), min(words))
a, *b, c = [1, 2, 3, 4, 5]; print(a, b, c)
(x, y), z = (1, 2), 3; print(x, y, z)
first, *rest = 'hello'; print(first, rest)
print([*range(3), *'ab'], {**{'a': 1}, **{'b': 2}}, (*[1, 2],), {*[1, 1, 2]})
def f(*args, **kw): return args, kw
print(f(*[1, 2], *(3,), **{'a': 1}, b=2))
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print(e)
try:
    a, b, c = [1, 2]
except ValueError as e:
    print(e)
try:
    a, *b, c = [1]
except ValueError as e:
    print(e)
m = [[0] * 3 for _ in range(2)]; m[0][1] = 5; print(m)
print(list(enumerate('ab', 1)), list(zip('ab', [1, 2, 3])), dict(zip('ab', range(2))))
print([1, 2] * 2, 2 * (1,), [1, 2] < [1, 3], (1, 2) < (1, 2, 0), [3] == [3.0])
l = [3, 1, 2]; l.sort(reverse=True); print(l, l.index(1), l.count(3), l.copy() is l)
l.insert(-1, 9); l.extend('x'); print(l, l.pop(0))
