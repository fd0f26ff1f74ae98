d = {"name": "Ann", "n": 3}
print("{name} has {n} items".format_map(d))
class Default(dict):
    def __missing__(self, k):
        return "<" + k + ">"
print("{name} {missing}".format_map(Default(name="x")))
print("a{0}b{0}c".format("-"), "{:>{w}}".format("r", w=5), "{0:{fill}^9}".format("mid", fill="*"))
print("{0!r:>8}|{0!s:<8}|".format("q"))
print("{:.3}".format("truncate"), "{:10.3}|".format("truncate"))
print("{:,d}".format(-1234567), "{:08.2f}".format(-3.14159), "{:+.1e}".format(12345.678))
print("%(a)s-%(a)r" % {"a": "x"}, "%c%c" % (72, "i"), "%%d")
print("{}".format(None), "{}".format([1, "a"]), "{}".format({"k": (1,)}))
print(str.format("{} {}", 1, 2), "{0[0]}{0[1]}".format("xy"), "{.real}".format(5))
