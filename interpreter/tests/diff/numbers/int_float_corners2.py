print(divmod(7, -2), divmod(-7, 2), divmod(7.5, 2), divmod(-7.5, 2))
print(pow(3, 200, 1000), pow(2, -1, 7), pow(-3, 3), pow(2, 0.5), pow(10, -2))
print(int('0x1f', 0), int('0o17', 0), int('0b101', 0), int('1_000', 0), int(' 42 '), int('-0'), int('z', 36))
for s in ['08', '1__0', '', '0x', '12a']:
    try:
        print(int(s, 0))
    except ValueError as e:
        print(type(e).__name__, e)
print(2**100, -2**100 // 7, -2**100 % 7, (2**100).bit_length(), (-5) >> 1, 1 << 70)
print(round(123456, -2), round(1234.5678, 2), round(-0.5), round(7, 0), type(round(7.0)))
print(10 / 4, 10 // 4, -10 // 4, 10 % -3, 1e308 * 10, float('1e-400'))
print(abs(-3), abs(-3.5))
print(0.1 + 0.2 == 0.3, 1/3, 2/3, 1e22, 1e-7, 123456789012345678.0, 5e-324)
print(int(3.9), int(-3.9), float('  -1.5  '), float('inf'), float('-nan'), int(1e20))
print(hex(-255), oct(8), bin(-5), (255).to_bytes(2, 'big'), int.from_bytes(b'\x01\x00', 'little'))
print(True + True, True * 3, 5 // True, hash(1) == hash(1.0), 7 .bit_count() if hasattr(int, 'bit_count') else 3)
try:
    1 / 0
except ZeroDivisionError as e:
    print(e)
try:
    1 % 0
except ZeroDivisionError as e:
    print(e)
try:
    1.0 / 0
except ZeroDivisionError as e:
    print(e)
try:
    pow(2, -1, 4)
except ValueError as e:
    print(e)
print(max(1, 2.5), min(-1, -1.0), sorted([3, 1.5, 2]), 3 == 3.0, 10**20 == 1e20)
print(float.fromhex('0x1.8p1'), (1.5).hex(), (0.1).as_integer_ratio(), (10).as_integer_ratio() if hasattr(int, 'as_integer_ratio') else '')
