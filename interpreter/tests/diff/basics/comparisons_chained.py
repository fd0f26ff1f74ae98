x = 5
print(1 < x < 10, 1 < x > 10, 1 < 2 < 3 < 4 < 5, 5 > 4 > 4)
print(1 == 1.0 == True, "a" < "b" < "c", [1, 2] < [1, 3], (1, 2) <= (1, 2))
calls = []
def v(n):
    calls.append(n)
    return n
print(v(1) < v(2) < v(0) < v(5))
print(calls)
print(1 < 2 == 2 > 1)
print("abc" < "abd", "abc" < "ab", "Z" < "a")
print([1, 2, 3] == [1, 2, 3], [1, [2]] == [1, [2]], (1,) == [1])
print(None == None, None != 0)
print(2 in [1, 2, 3], 4 not in [1, 2, 3], "bc" in "abcd", "x" not in "abc")
a = [1]
b = [1]
print(a == b, a is b, a is not b, a is a)
print(1 < 2.5, 2.5 < 3, 10 ** 30 > 1e29, -1 < True)
print(max(3, 1, 2) == 3 != 4)
print(float("nan") == float("nan"), float("inf") > 10 ** 100)
