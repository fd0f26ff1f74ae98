print(1j, 2+3j, -1j, 1-1j, -(1+2j), complex(-0.0, -1), 0j, -0j, 1e16j, 1.5+2.25j)
print(complex(1, float('inf')), complex(float('nan'), float('nan')), complex(1e300, -1e-300))
a = 3+4j
print(abs(a), a.real, a.imag, a.conjugate(), type(a), type(a).__name__, isinstance(a, complex))
print(a + 1, 1 + a, a - 1.5, 2 * a, a * a, a / 2, 1 / a, a / (1-2j), a ** 2, a ** 0.5, 2 ** a, a ** -1, (1j) ** 2)
print(a == 3+4j, (3+0j) == 3, 3 == (3+0j), 3.0 == 3+0j, a != a, 1j == 1, hash(3+0j) == hash(3), hash(1+2j), hash(-1j), hash(complex(1.5, 2.5)))
print({1+0j: "a", 1: "b"}, len({1j, 1j, 2}), hash(1.5), hash(-2.75), hash(1e-300))
print(bool(0j), bool(1j), bool(complex(0, 0.0)))
for s in ['1+2j', ' (1-2j) ', 'j', '-j', '+J', '1e3j', '1.5', 'nanj', '-infj', 'inf+nanj', '1_000j', '(3)']:
    print(repr(s), complex(s))
print(complex(), complex(2), complex(2.5, 1), complex(1j, 1j), complex(1+2j, 3+4j), complex(True), complex(real=1, imag=2))
for bad in ['1+', 'x', '1 + 2j', '', '1+2j)', 'jj', '1__0j', '_1j']:
    try:
        complex(bad)
    except ValueError as e:
        print('ValueError', e)
for f in [lambda: complex('1', 2), lambda: complex(1, '2'), lambda: complex(None), lambda: complex(1, None), lambda: 1j < 2j, lambda: 1j > 1,
          lambda: 1j // 2, lambda: 1j % 2, lambda: divmod(1j, 2), lambda: int(1j), lambda: float(1j), lambda: round(1j), lambda: 1j / 0, lambda: 1j / 0j, lambda: 0j ** -1, lambda: 0j ** 1j,
          lambda: (1e200+1e200j) ** 50, lambda: abs(complex(1e308, 1e308)), lambda: 1j & 1, lambda: ~1j, lambda: pow(1j, 2, 3)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
print(abs(complex(float('inf'), float('nan'))), abs(-0j))
x = 1j
x += 1
x *= 2
print(x, sum([1j, 2, 3.5]), [1j] * 2, str(1+1j), f"{1+1j}", f"{2j!r}", "%s" % (1j,))
print(0.1+0.2j, 1/3j, (1+1j)**100, (2+0j)**0.5, (-8)**(1/3), (-1)**0.5)
print(.5j, 5.j, 1_0j, 1e-3J, 0J, 00j, 09.5j)
for src in ["0x1j", "1_j", "1jj", "1j2"]:
    try:
        compile(src, "<s>", "eval")
    except SyntaxError as e:
        print("SyntaxError", e.msg)


def classify(z):
    match z:
        case 0j:
            return "zero"
        case 1j | -1j:
            return "unit imaginary"
        case 1 + 1j:
            return "one plus i"
        case -1 - 1j:
            return "minus one minus i"
        case complex(real=r, imag=0.0):
            return f"real {r}"
        case complex():
            return "complex"
        case _:
            return "other"


for z in [0j, 0, 1j, -1j, 1 + 1j, -1 - 1j, complex(5, 0), 2 + 3j, "x"]:
    print(z, classify(z))
print(sorted([3, 1.5, True], key=abs), [abs(z) for z in (3 + 4j, -5j, 1e-320j)])
print(1j.imag, (1 + 2j).real.is_integer(), complex.conjugate(1 + 1j), hash(-1 + 0j), hash(complex(0.0, -1.0)))
