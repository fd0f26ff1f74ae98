r = range(10)
print(r, len(r), r[0], r[-1], r[2:5], r[::2], r[::-1], list(r[1::3]))
print(list(range(5)), list(range(2, 8)), list(range(10, 0, -2)), list(range(0)), list(range(5, 2)))
print(3 in r, 10 in r, -1 in range(-5, 0), r.index(4), r.count(3), range(0, 10, 3).index(9))
print(range(3) == range(3), range(0) == range(5, 2), range(1, 10, 2) == range(1, 11, 2))
print(len(range(0, 100, 7)), len(range(10, 0, -3)), list(range(-3, 3)))
big = range(10 ** 18)
print(len(big), big[-1], 10 ** 17 in big, big[10 ** 12])
r2 = range(1, 20, 4)
print(r2.start, r2.stop, r2.step, list(reversed(r2)))
try:
    range(1, 2, 0)
except ValueError as e:
    print("ValueError:", e)
try:
    r[10]
except IndexError as e:
    print("IndexError:", e)
try:
    range(1.5)
except TypeError as e:
    print("TypeError:", e)
print(sum(range(101)), max(range(5)), sorted(range(3), reverse=True))
