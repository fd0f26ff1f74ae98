for e in [ValueError(), ValueError("one"), ValueError("a", "b"), ValueError(42), KeyError("k"), KeyError(), KeyError("a", "b"),
          IndexError("idx"), ZeroDivisionError("z"), TypeError(None), Exception([1, 2])]:
    print(type(e).__name__, "| str:", str(e), "| repr:", repr(e), "| args:", e.args)
