def none_implicit():
    x = 1
def none_explicit():
    return
def multi():
    return 1, "two", [3]
def early(x):
    if x < 0:
        return "neg"
    for i in range(10):
        if i == x:
            return f"found {i}"
    return "big"
print(none_implicit(), none_explicit())
a, b, c = multi()
print(a, b, c, multi())
print(early(-1), early(4), early(50))
def ret_in_finally():
    try:
        return "try"
    finally:
        print("finally runs")
print(ret_in_finally())
def ret_func():
    def inner():
        return "inner"
    return inner
print(ret_func()())
