# Numbers: bigint arithmetic, exact conversions, rounding, bases, float formatting edge cases.
n = 2**200 + 12345
print(n, n % 97, n // 3**50, -n // 7, divmod(-n, 10**20), n.bit_length(), str(n)[:10], len(str(n)))
print(int(str(n)) == n, hex(n)[:12], int(hex(n), 16) == n, int(bin(n)[2:], 2) == n, oct(-n)[:10])
print(pow(n, 3, 10**9 + 7), pow(3, n, 1000), abs(-n) == n, (n * n) // n == n, n ** 0, (-2) ** 65)
print(10**30 / 10**10, 10**400 // 10**398, float(2**63), int(1e18), int(-1.5e3), 7 // -2, -7 % 3, 7.5 // 2, -7.5 % 2)
for x in [0.1, 1/3, 2.5, 1e-10, 123456789.123, 1e16, 1.5e300, -0.0, 100.0, 12345678901234567890.0]:
    print(repr(x), str(x), f'{x:.3g}', f'{x:e}', round(x, 2))
print(round(0.125, 2), round(0.375, 2), round(2.5), round(3.5), round(-1.5), round(12345, -3), round(-12345.6789, -2))
print(int('  -0b1011 ', 0), int('0_7_7', 8), int('Z', 36), int('-1' * 1, 10), float('1_000.5'), float('.5'), float('5.'), float('-iNF'))
print(max(2**64, 2.0**64), min(-1, -1.0), 2**53 + 1 == float(2**53 + 1), 10**16 + 1 > 1e16, 0.1 * 3 == 0.3, 1e308 + 1e308)
print(sum([0.1] * 10) == 1.0, 3 * 0.1, 1 - 0.9, 2 ** -1, (-8) ** (1 / 3) if False else 'skip', 9 ** 0.5, 2 ** 0.5 * 2 ** 0.5)
print(bool(0.0), bool(-0.0), 0.0 == -0.0, float('nan') != float('nan'), 1 < float('inf'), -float('inf') < -10**400)
print((255).to_bytes(2, 'little'), int.from_bytes(b'\xff\xfe', 'big', signed=True), (-1).to_bytes(2, 'big', signed=True), (1024).bit_length())
print(f'{2**100:,}', f'{-12345:08d}', f'{255:#010x}', f'{3:b}', f'{1e6:,.0f}', f'{0.5:.0%}', f'{123.456:+.1e}')
