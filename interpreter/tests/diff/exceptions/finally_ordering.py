def f(x):
    print("start", x)
    try:
        print("try")
        if x == 1:
            raise ValueError("one")
        if x == 2:
            return "returned from try"
    except ValueError:
        print("except")
        return "returned from except"
    else:
        print("else")
    finally:
        print("finally")
    print("after")
    return "normal"
for x in [0, 1, 2]:
    print("=>", f(x))
def override():
    try:
        return "try"
    finally:
        return "finally wins"
print(override())
def swallow():
    try:
        raise KeyError("lost")
    finally:
        return "swallowed"
print(swallow())
def loop():
    out = []
    for i in range(4):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            out.append(i)
        finally:
            out.append(f"f{i}")
    return out
print(loop())
def nested():
    try:
        try:
            raise TypeError("inner")
        finally:
            print("inner finally")
    except TypeError as e:
        print("outer caught", e)
    finally:
        print("outer finally")
nested()
