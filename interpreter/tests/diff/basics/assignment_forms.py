a = b = c = 7
print(a, b, c)
x, y = 1, 2
x, y = y, x
print(x, y)
(p, q), r = (1, 2), 3
print(p, q, r)
[m, n] = "hi"
print(m, n)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = range(5)
print(init, last)
a, *mid, z = "abcdef"
print(a, mid, z)
h, *t = [1]
print(h, t)
v = 10
v += 5; print(v)
v -= 3; print(v)
v *= 2; print(v)
v //= 5; print(v)
v **= 3; print(v)
v %= 7; print(v)
v <<= 4; print(v)
v >>= 1; print(v)
v |= 1; print(v)
v &= 0xF; print(v)
v ^= 0b101; print(v)
f = 7.0
f /= 2; print(f)
s = "ab"
s *= 3; print(s)
lst = [1]
alias = lst
lst += [2]
print(alias)
t = (1,)
t2 = t
t += (2,)
print(t, t2)
