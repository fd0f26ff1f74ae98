# Slices of lists and tuples with small-int/None bounds, read and assigned in loops (the VM
# takes and assigns them without a slice object), next to the cases that take the general path.
a = list(range(10))
t = tuple(range(10))
for lo in (-12, -3, 0, 2, 9, 12, None):
    for hi in (-12, -1, 0, 5, 12, None):
        print(lo, hi, a[lo:hi], t[lo:hi])
        for st in (-3, -1, 1, 2):
            print(" ", st, a[lo:hi:st], t[lo:hi:st])
print(a[:], a[::-1], t[::-1], a[k::-1] if (k := 4) else None)
b = a[:]
b[:3] = b[2::-1]
print(b)
b[2:5] = [7]
print(b)
b[1:1] = (8, 9)
print(b)
b[::2] = b[1::2][: len(b[::2])] + [0] * (len(b[::2]) - len(b[1::2]))
print(b)
b[:] = b[::-1]
print(b)
try:
    b[::2] = [1, 2]
except ValueError as e:
    print("ValueError", e)
try:
    print(a[::0])
except ValueError as e:
    print("ValueError", e)
print(a[True:False or 7], a[2 ** 70 : -(2 ** 70) : -1])
perm = [3, 1, 4, 0, 2]
flips = 0
k = perm[0]
while k:
    perm[: k + 1] = perm[k::-1]
    flips += 1
    k = perm[0]
print(perm, flips)
