# Zero padding with a thousands separator groups the padding zeros too (CPython's rule), and
# the width counts the sign, prefix and fraction.
for spec in ["08,d", "09,d", "010,d", "+012_d", "07,", "0=10,", "012,.2f", "010_.1f", "#012_x", "#012_b", "015_o", "0=12_"]:
    for v in [0, 7, 1234, -1234, 987654]:
        try:
            print(repr(spec), v, repr(format(v, spec)))
        except ValueError as e:
            print(repr(spec), v, "ValueError:", e)
print("{:08,d}|{:>8,d}|{:<8,d}|{:^9,d}".format(1234, 1234, 1234, 1234))
print(f"{1234567.891:015,.2f} {-0.5:08,.3f} {1e6:012,.1f}")
