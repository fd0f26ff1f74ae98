# array.array matches sequence patterns (CPython registers it as a collections.abc sequence).
import array


def shape(s):
    match s:
        case []:
            return "empty"
        case [x]:
            return ("one", x)
        case [a, b]:
            return ("two", a, b)
        case [first, *rest]:
            return ("many", first, list(rest))
        case _:
            return "other"


for s in (array.array("i"), array.array("h", [7]), array.array("h", [7, 8]),
          array.array("d", [1.5, 2.5, 3.5]), array.array("B", b"xyzw")):
    print(shape(s))
match array.array("i", [3, 4]):
    case [3, y] if y > 3:
        print("guard", y)
