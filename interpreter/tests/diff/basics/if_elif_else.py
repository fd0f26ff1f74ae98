def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    else:
        return "large"

for n in [-5, 0, 3, 9, 10, 1000]:
    print(n, classify(n))

x = 5
if x:
    print("truthy int")
if not []:
    print("empty list is falsy")
if "":
    print("never")
else:
    print("empty str is falsy")
if None is None and 0 == 0.0:
    print("and ok")
y = "yes" if x > 3 else "no"
print(y)
print("nested", "a" if x > 10 else "b" if x > 4 else "c")
