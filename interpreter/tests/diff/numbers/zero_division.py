for expr in ["1 / 0", "1 // 0", "1 % 0", "1.0 / 0.0", "5 // 0.0", "divmod(1, 0)", "0 ** -1", "2 ** 100 // 0", "(2 ** 100) % 0"]:
    try:
        eval(expr) if False else None
        v = {"1 / 0": lambda: 1 / 0, "1 // 0": lambda: 1 // 0, "1 % 0": lambda: 1 % 0,
             "1.0 / 0.0": lambda: 1.0 / 0.0, "5 // 0.0": lambda: 5 // 0.0, "divmod(1, 0)": lambda: divmod(1, 0),
             "0 ** -1": lambda: 0 ** -1, "2 ** 100 // 0": lambda: 2 ** 100 // 0, "(2 ** 100) % 0": lambda: (2 ** 100) % 0}[expr]()
        print(expr, "=", v)
    except ZeroDivisionError as e:
        print(expr, "->", type(e).__name__, e)
