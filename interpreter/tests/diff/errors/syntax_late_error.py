print("line 1 would print if compiled lazily")
def ok():
    return 1
print(ok())
x = [1, 2, 3]
for i in x:
    print(i)
y = 5 +
