import random
for s in [0, 1, 42, 2**40 + 7, -5, 12345678901234567890]:
    random.seed(s)
    print(s, [random.random() for _ in range(3)], random.getrandbits(8), random.getrandbits(70), random.randint(1, 6))
random.seed(7)
print([random.randrange(10) for _ in range(10)], [random.randrange(0, 100, 7) for _ in range(5)], random.randrange(10, 0, -3))
l = list(range(20))
random.shuffle(l)
print(l, random.choice("abcdef"), random.sample(range(100), 5), random.sample(list(range(10)), 10))
print(random.sample(range(1000), 30))
print(random.choices("abc", k=5), random.choices("abc", weights=[1, 0, 5], k=5), random.uniform(2, 3))
r = random.Random(99)
st = r.getstate()
x = [r.random() for _ in range(2)]
r.setstate(st)
print(x == [r.random() for _ in range(2)], x)
random.seed(35)
print(random.random())
for bad in [lambda: random.randrange(0), lambda: random.randrange(5, 5), lambda: random.randrange(0, 10, 0), lambda: random.choice([]), lambda: random.sample([1], 2), lambda: random.getrandbits(-1), lambda: random.sample({1, 2}, 1)]:
    try:
        bad()
    except (ValueError, IndexError, TypeError) as e:
        print(type(e).__name__, e)
