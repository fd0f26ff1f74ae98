# sys.stdin.read(n), input(), readline() and readlines() share one stream: input() sees
# what read(n) left of a line, and the input's last line keeps no newline it did not have.
import sys

a = sys.stdin.read(3)
b = input()
c = sys.stdin.readline()
d = input("prompt> ")
print()
rest = sys.stdin.readlines()
print(repr(a), repr(b), repr(c), repr(d))
print(rest)
print(repr(sys.stdin.readline()), repr(sys.stdin.read()), sys.stdin.readlines())
try:
    input()
except EOFError as e:
    print("EOFError", repr(str(e)))
