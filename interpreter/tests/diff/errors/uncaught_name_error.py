def f():
    return undefined_function(1)
print("calling")
f()
