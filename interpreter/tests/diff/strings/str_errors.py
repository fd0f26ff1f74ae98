for f in [lambda: "abc".index("z"), lambda: "abc"[5], lambda: "a" + 5, lambda: int("x"),
          lambda: "abc".foo, lambda: "%d" % "s", lambda: "{0}".format(), lambda: "x".join([1]),
          lambda: "abc".center("5"), lambda: chr(-1), lambda: "a".encode("nope")]:
    try:
        f()
    except Exception as e:
        print(type(e).__name__ + ":", e)
