# Format specs of small ints (digits made without a big int) beside big ones.
for n in (0, 5, -5, 7, -7, 123456, -123456, 2**63 - 1, -2**63, 2**64, -2**70, True, False):
    print(f"{n:5d}|{n:<8}|{n:^9d}|{n:+d}|{n: d}|{n:06d}|{n:,d}|{n:_}|{n:n}|{n:=+8}|{n:x}|{n:#o}")
print(format(42, ""), format(42, "d"), format(-42, "*>7"), "%5d|%-5d|%05d" % (3, -3, 42))
for spec in (".2d", "5.1", "c", "s", "q"):
    try:
        print(format(65, spec))
    except ValueError as e:
        print("ValueError", e)
