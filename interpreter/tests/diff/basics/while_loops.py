i = 0
total = 0
while i < 10:
    total += i
    i += 1
print(total)

n = 27
steps = 0
while n != 1:
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    steps += 1
print("collatz steps", steps)

i = 0
while True:
    i += 1
    if i % 2:
        continue
    if i > 10:
        break
    print("even", i)

i = 0
while i < 3:
    i += 1
else:
    print("while-else ran, i =", i)

i = 0
while i < 10:
    if i == 4:
        break
    i += 1
else:
    print("not printed")
print("broke at", i)
