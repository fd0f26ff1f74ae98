def search(haystack, needle):
    i = 0
    while i < len(haystack):
        if haystack[i] == needle:
            print("found at", i)
            break
        i += 1
    else:
        print("not found")
search([1, 2, 3], 2)
search([1, 2, 3], 9)
search([], 1)
n = 10
while n:
    n -= 3
    if n < 0:
        print("went negative", n)
        break
else:
    print("reached zero")
n = 9
while n:
    n -= 3
else:
    print("reached zero exactly", n)
count = 0
while True:
    count += 1
    if count % 2:
        continue
    if count > 6:
        break
print("count", count)
