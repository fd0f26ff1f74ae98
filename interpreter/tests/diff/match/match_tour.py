class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y): self.x, self.y = x, y
def m(v):
    match v:
        case 0 | 1 as small: return f"small {small}"
        case int(n) if n < 0: return "neg"
        case float() | complex(): return "floaty"
        case str() as s if s.startswith("a"): return "a-str"
        case [x, y, *rest]: return f"seq {x} {y} {rest}"
        case {"k": val, **others}: return f"map {val} {others}"
        case Point(0, y): return f"yaxis {y}"
        case Point(x=x, y=0): return f"xaxis {x}"
        case Point(): return "point"
        case (1, 2): return "never"
        case None: return "none"
        case True: return "true"
        case _: return "other"
for v in [0, 1, -5, 2.5, "abc", "b", [1, 2, 3, 4], (5, 6), {"k": 1, "z": 2}, Point(0, 3), Point(4, 0), Point(1, 1), None, True, [1], 7]:
    print(repr(v) if not isinstance(v, Point) else "P", "->", m(v))
import sys
match {"a": [1, {"b": 2}]}:
    case {"a": [_, {"b": b}]}: print("deep", b)
match "hello":
    case "hi" | "hello" as g: print(g)
match (1, "x"):
    case (int() as i, str() as s): print(i, s)
