# A float format spec with a precision and no type: like 'g', but a fixed-point result
# keeps one fraction digit, so it switches to exponent form one digit earlier.
for v in [12.0, 100.0, 123.0, 123.5, 99.0, 0.0001, 1.5, 15.0, 0.0, -0.0, 1e16, 1234.5678, 2.5]:
    print(v, [format(v, ".%d" % p) for p in range(0, 6)], format(v, "#.3"), f"{v:10.2}|")
print(f"{123.0:.3}", f"{1e-5:.2}", "{:.4}".format(9999.5), "{:+.3}".format(100.0))
