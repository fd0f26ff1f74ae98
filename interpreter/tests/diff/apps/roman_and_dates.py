def to_roman(n):
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out
def from_roman(s):
    m = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = m[a]
        total += -v if b != " " and m[b] > v else v
    return total
for n in [1, 4, 9, 14, 40, 90, 400, 1994, 2024, 3999]:
    r = to_roman(n)
    print(n, r, from_roman(r) == n)
def is_leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
def day_of_week(y, m, d):
    t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
    if m < 3:
        y -= 1
    return (y + y // 4 - y // 100 + y // 400 + t[m - 1] + d) % 7
DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
for date in [(2000, 1, 1), (1969, 7, 20), (2024, 2, 29), (1900, 3, 1), (2026, 11, 25)]:
    print(date, DAYS[day_of_week(*date)], is_leap(date[0]))
def days_between(a, b):
    def ordinal(y, m, d):
        mdays = [31, 29 if is_leap(y) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        yy = y - 1
        return yy * 365 + yy // 4 - yy // 100 + yy // 400 + sum(mdays[:m - 1]) + d
    return ordinal(*b) - ordinal(*a)
print(days_between((2000, 1, 1), (2026, 11, 25)), days_between((2024, 1, 1), (2024, 12, 31)))
def calendar(y, m):
    mdays = [31, 29 if is_leap(y) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    first = day_of_week(y, m, 1)
    lines = ["Su Mo Tu We Th Fr Sa"]
    cells = ["  "] * first + [f"{d:2}" for d in range(1, mdays + 1)]
    for i in range(0, len(cells), 7):
        lines.append(" ".join(cells[i:i + 7]))
    return "\n".join(lines)
print(calendar(2026, 2))
