print(sorted([("b", 2), ("a", 2), ("c", 1)], key=lambda p: p[1]))
print(sorted(["bb", "a", "ccc"], key=len, reverse=True), sorted([3, -1, 2], key=abs))
import copy
orig = [[1, 2], {"a": [3]}]; sh = copy.copy(orig); dp = copy.deepcopy(orig); orig[0].append(9); print(sh, dp)
print(1 < 2 > 0, 1 < 2 < 2, 1 == 1 != 2, "a" < "b" < "c", 2 in [1, 2] in [[1, 2]], None is None is not False)
x = 5; print(0 < x <= 5, not x, x and 0, x or 0, None or "d", 0 and 1, [] or {}, not [])
lst = [1, 2, 3]; del lst[1]; print(lst)
dd = {"a": 1}; del dd["a"]; print(dd)
v = 1; del v
try: v
except NameError as e: print(e)
print(list(range(0)), list(range(-3)), [][:], "abc"[5:], "abc"[-100:100])
m = [[1, 2], [3, 4]]; print([list(r) for r in zip(*m)], [c for r in m for c in r], sum(m, []))
a, b = b, a = 1, 2; print(a, b)
i = 0; l = [0, 0]; i, l[i] = 1, 5; print(i, l)
print([i for i in range(3)][-1], {i: i for i in range(3)}, (i for i in range(0)).__class__.__name__)
