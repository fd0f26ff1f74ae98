import random
random.seed(42)
a = [random.random() for _ in range(5)]
random.seed(42)
b = [random.random() for _ in range(5)]
print(a == b, all(0 <= x < 1 for x in a))
vals = [random.randint(1, 6) for _ in range(200)]
print(min(vals) >= 1, max(vals) <= 6, len(set(vals)) == 6)
r = [random.randrange(0, 10, 2) for _ in range(50)]
print(all(x % 2 == 0 and 0 <= x < 10 for x in r))
items = list(range(10))
random.shuffle(items)
print(sorted(items) == list(range(10)))
print(random.choice("abc") in "abc", 0 <= random.uniform(0, 1) <= 1, random.getrandbits(8) < 256)
