print(any([]), all([]), any([0, 0, 1]), all([1, 2, 0]), any("x"), all(""))
print(any(x > 5 for x in range(10)), all(isinstance(x, int) for x in [1, 2, True]))
print(sum([]), sum([1.5, 2.5]), sum(range(1, 11)), sum([10], 5), len([1, [2, 3]]), len({}), len("héllo"), len(range(3, 30, 3)))
seen = []
def check(x):
    seen.append(x)
    return x > 2
print(any(check(x) for x in [1, 2, 3, 4, 5]), seen)
