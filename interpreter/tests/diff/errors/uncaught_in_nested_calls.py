def lookup(d, k):
    return d[k]
def middle(d):
    print("middle called")
    return lookup(d, "missing")
def top():
    return middle({"present": 1})
print("start")
top()
