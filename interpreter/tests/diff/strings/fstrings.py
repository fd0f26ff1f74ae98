name, n, f = "World", 42, 3.14159
print(f"Hello, {name}!")
print(f"{n} {n:5d} {n:<5}| {n:^7}| {n:x} {n:08.3f}")
print(f"{f:.2f} {f:10.4f} {f:e} {f*100:.0f}%")
print(f"{name!r} {name!s} {name.upper()} {len(name)}")
print(f"{'nested'} {f'{n}'} {[1, 2][0]} {dict(a=1)['a']}")
print(f"{n=} {f=:.1f} {name = }")
width, prec = 10, 3
print(f"[{f:{width}.{prec}f}] [{name:>{width}}]")
print(f"{{braces}} {n}{{}}")
x = [1, 2, 3]
print(f"{x} {x[1:]} {sum(x)} {'yes' if x else 'no'}")
print(f"{3 + 4} {2 ** 10:,} {-n:+} {n / 7:.3}")
print(f"""multi
{name}
line""")
print(f"{'a' 'b'}", F"upper F", rf"raw\n{n}")
print(f"{n:#x} {n:#b} {n:c}" if n < 100 else "")
