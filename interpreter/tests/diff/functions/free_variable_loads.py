# Free variables read in loops (generator expressions, nested functions) and an empty cell.
def dot(u, v):
    return sum(u[j] * v[j] for j in range(len(u)))

print(dot([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]))

def counter():
    n = 0
    def step():
        nonlocal n
        n += 1
        return n
    return step

c = counter()
print([c() for _ in range(5)])

def late():
    def inner():
        return x
    try:
        inner()
    except NameError as e:
        print("NameError", e)
    x = 3
    print(inner())
    del x
    try:
        inner()
    except NameError as e:
        print("NameError", e)

late()
scale = 2
print([[i * j * scale for j in range(3)] for i in range(3)])
