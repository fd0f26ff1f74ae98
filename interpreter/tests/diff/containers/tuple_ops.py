t = (1, 2, 3)
print(t, t[0], t[-1], t[1:], len(t), t + (4,), t * 2, 2 in t)
print(t.count(2), t.index(3), (1,), (), tuple(), tuple("ab"), tuple([1, 2]))
a, b, c = t
print(a, b, c)
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 99), () < (0,))
nested = ((1, 2), (3, (4, 5)))
print(nested[1][1][1])
try:
    t[0] = 5
except TypeError as e:
    print("TypeError:", e)
try:
    t.append(4)
except AttributeError as e:
    print("AttributeError:", e)
with_list = ([1], 2)
with_list[0].append(99)
print(with_list)
print(hash((1, 2)) == hash((1, 2)), {(1, 2): "tuple key"}[(1, 2)])
try:
    hash(([1], 2))
except TypeError as e:
    print("TypeError:", e)
single = 1,
print(single, type(single).__name__)
print(tuple(x * 2 for x in range(3)), max((1, 5, 3)))
