def resource():
    print("open")
    try:
        for i in range(3):
            yield i
    finally:
        print("close")
for x in resource():
    print("got", x)
for x in resource():
    if x == 1:
        break
print("after break")
def nested():
    try:
        try:
            yield "a"
        finally:
            print("inner finally")
        yield "b"
    finally:
        print("outer finally")
g = nested()
print(next(g))
print(next(g))
g.close()
print(list(nested()))
