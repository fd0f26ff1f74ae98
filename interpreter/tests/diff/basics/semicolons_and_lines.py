a = 1; b = 2; c = a + b; print(c)
if a: print("inline if")
for i in range(2): print("inline for", i)
while b: b -= 1; print("inline while", b)
x = [1,
     2,
     3]
y = (1 +
     2)
z = 1 + \
    2
print(x, y, z)
d = {
    "k": 1,  # comment
    "j": 2,
}
print(d)
def f(a,
      b):
    return a + b
print(f(1,
        2))
# comment only line
print("done")  # trailing comment
