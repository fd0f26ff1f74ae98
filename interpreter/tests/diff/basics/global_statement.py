counter = 0
def incr():
    global counter
    counter += 1
    return counter
incr(); incr()
print(counter)
def make_global():
    global created
    created = "made in function"
make_global()
print(created)
x = "global x"
def read_only():
    return x
def shadow():
    x = "local x"
    return x
print(read_only(), shadow(), x)
def uses_before_assign():
    try:
        print(x)
    except UnboundLocalError as e:
        print("UnboundLocalError:", type(e).__name__, isinstance(e, NameError))
    x = 1
uses_before_assign()
def multi():
    global a, b
    a, b = 1, 2
multi()
print(a, b)
