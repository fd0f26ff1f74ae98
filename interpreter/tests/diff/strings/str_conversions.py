print(str(42), str(-3.5), str(True), str(None), str([1, "a"]), str((1,)), str({"k": "v"}))
print(repr("a'b"), repr(1.0), repr([1.5, "x"]))
print(int("42"), int("-17"), int("  8  "), int("0x1f", 16), int("1f", 16), int("777", 8), int("101", 2), int("z", 36))
print(int("0b101", 0), int("0o17", 0), int("0x1F", 0), int("1_000"), float("1e3"), float(" -2.5 "), float("inf"), float("-inf"))
for bad in ["abc", "1.5", "", "12a"]:
    try:
        int(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    float("x1")
except ValueError as e:
    print("ValueError:", e)
print(chr(65), chr(0x263A), ord("A"), ord("€"), ascii("é€"), ascii("plain"))
try:
    ord("ab")
except TypeError as e:
    print("TypeError:", e)
print(str(b"bytes"), str(b"abc", "ascii"), bytes("é", "utf-8"))
