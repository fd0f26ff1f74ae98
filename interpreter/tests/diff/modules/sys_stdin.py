# sys.stdin: read(n), readline() and iteration over the lines fed to the program, mixed
# with input(), and empty strings at end of input.
import sys
print(repr(sys.stdin.read(3)))
print(repr(sys.stdin.readline()))
print(repr(sys.stdin.readline()))
print(repr(input()))
n = 0
for line in sys.stdin:
    n += 1
    print("line", repr(line))
    if n == 2:
        break
print(repr(sys.stdin.read()))
print(repr(sys.stdin.read()), repr(sys.stdin.readline()))
