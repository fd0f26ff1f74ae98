# itertools: product, permutations, combinations, combinations_with_replacement
from itertools import product, permutations, combinations, combinations_with_replacement

print(list(product("AB", "xy")), list(product(range(2), repeat=3)), list(product()), list(product("a", [])))
print(list(permutations("ABC", 2)), list(permutations(range(3))), list(permutations("A", 2)))
print(list(combinations("ABCD", 2)), list(combinations(range(4), 3)), list(combinations("A", 0)), list(combinations("AB", 3)))
print(list(combinations_with_replacement("ABC", 2)), list(combinations_with_replacement("", 0)), list(combinations_with_replacement("", 1)))
print(sum(1 for _ in permutations(range(6))), sum(1 for _ in combinations(range(12), 5)))

def show(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)

show(lambda: combinations("abc", -1))
show(lambda: permutations("abc", -1))
show(lambda: product("ab", repeat=-1))
