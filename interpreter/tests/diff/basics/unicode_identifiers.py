café = 3
naïve = "ok"
π = 3.14159
def größe(x):
    return x * 2
print(café, naïve, π, größe(4))
class Ünicode:
    ä = 1
print(Ünicode.ä)
