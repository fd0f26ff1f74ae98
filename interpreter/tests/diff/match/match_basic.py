# Literal, capture, wildcard, value, OR, AS patterns and guards.
import math


class Color:
    RED = 1
    GREEN = 2


def lit(x):
    match x:
        case 0:
            return "zero"
        case 1 | 2 | 3:
            return "small"
        case -1:
            return "minus one"
        case 2.5:
            return "two and a half"
        case "hello" | "hi":
            return "greeting"
        case b"raw":
            return "bytes"
        case None:
            return "none"
        case True:
            return "true"
        case False:
            return "false"
        case Color.RED:
            return "red"
        case math.pi:
            return "pi"
        case _:
            return "other " + repr(x)


for v in [0, 1, 3, -1, 2.5, "hello", "hi", b"raw", None, True, False, 1.0, 0.0, Color.RED, math.pi, "x", [1]]:
    print(repr(v), lit(v))


def cap(x):
    match x:
        case int(n) if n > 100:
            return f"big int {n}"
        case (1 | 2) as small:
            return f"small {small}"
        case str() as s if len(s) > 3:
            return f"long str {s}"
        case y:
            return f"captured {y!r}"


for v in [1000, 1, 2, "abcdef", "ab", 7]:
    print(cap(v))

# Names bound by the matching case stay bound after the statement.
match (1, 2):
    case (a, b):
        pass
print(a, b)

# A guard that fails still bound the names.
match 5:
    case q if q > 10:
        print("no")
    case _:
        print("guard failed, q =", q)

# Soft keywords: match and case are ordinary names elsewhere.
match = 3
case = 4
print(match, case)
match = [10, 20]
print(match[0])
def match(*a):
    return a
print(match(1, 2))
print(match (3))
_ = 9
print(_)

# Subject evaluated once.
calls = []
def subj():
    calls.append(1)
    return 42
match subj():
    case 1:
        pass
    case 2:
        pass
    case 42:
        print("42 once", len(calls))

# No case matches: nothing happens.
match 99:
    case 1:
        print("no")
print("after")

# Tuple subject without parentheses.
match 1, 2:
    case (x, y):
        print("tuple subject", x, y)

# Break / continue / return inside cases.
for i in range(6):
    match i:
        case 1:
            continue
        case 4:
            break
        case _:
            print("loop", i)

def nested(v):
    match v:
        case [x]:
            match x:
                case {"k": y}:
                    return ("nested", y)
                case _:
                    return ("inner other", x)
    return "outer other"

print(nested([{"k": 5}]), nested([3]), nested(5))
