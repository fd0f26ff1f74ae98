for v in [0, 1, -1, 42, 1234567, -98765]:
    print(f"{v:d}|{v:8d}|{v:<8d}|{v:^8d}|{v:+d}|{v:,}|{v:x}|{v:o}|{v:b}|{v:e}")
for v in [0.0, 1.5, -2.25, 1234.5678, 1e-7, 1e22, 0.1, 123456789.0]:
    print(f"{v}|{v:f}|{v:.1f}|{v:10.3f}|{v:e}|{v:.3e}|{v:g}|{v:.3g}|{v:%}|{v:,.2f}")
print(f"{1e100:g} {1.5e300 * 1e10} {-1e400} {float('nan'):f} {float('inf'):e}")
print(f"{True:d} {True} {False:5}|")
print(format(0.5, ".0f"), format(1.5, ".0f"), format(2.5, ".0f"), format(2.675, ".2f"))
print(f"{12345.6789:=+12.2f} {-3:=5} {42:_x} {2**40:_}")
print(f"{'s':5}|{5:5}|{'s':>5}|{5:<5}|")
