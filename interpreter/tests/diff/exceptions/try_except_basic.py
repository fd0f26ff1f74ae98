def risky(kind):
    if kind == "zero":
        return 1 / 0
    if kind == "key":
        return {}["missing"]
    if kind == "index":
        return [][3]
    if kind == "type":
        return "a" + 1
    if kind == "value":
        return int("abc")
    if kind == "attr":
        return None.foo
    if kind == "name":
        return undefined_variable
    return "fine"
for kind in ["zero", "key", "index", "type", "value", "attr", "name", "ok"]:
    try:
        result = risky(kind)
    except ZeroDivisionError as e:
        print(kind, "ZeroDivisionError", e)
    except (KeyError, IndexError) as e:
        print(kind, "lookup", type(e).__name__, e)
    except Exception as e:
        print(kind, type(e).__name__ + ":", e)
    else:
        print(kind, "no error:", result)
