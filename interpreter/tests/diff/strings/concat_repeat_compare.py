a = "abc"
b = a + "def"
print(b, a * 3, 3 * a, a * 0, a * -1)
print("abc" == "abc", "abc" < "abd", "B" < "a", "" < "a", "abc" > "ab")
print(sorted(["banana", "Apple", "cherry", "apple"]))
print(sorted(["banana", "Apple", "cherry", "apple"], key=str.lower))
parts = []
for i in range(5):
    parts.append(str(i))
print("".join(parts), "+".join(parts))
s = ""
for c in "abc":
    s += c * 2
print(s)
try:
    "a" + 1
except TypeError as e:
    print("TypeError:", e)
try:
    "a" * 1.5
except TypeError as e:
    print("TypeError:", e)
