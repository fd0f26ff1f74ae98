print("%s is %d years" % ("Ann", 30))
print("%5s|%-5s|%05d|%+d|% d" % ("a", "b", 42, 7, 3))
print("%.2f %8.3f %-8.1f| %e %E %g %G" % (3.14159, 2.71828, 1.5, 12345.6789, 0.000123, 1e-5, 1e20))
print("%x %X %o %#x %#o %c %c" % (255, 255, 8, 255, 8, 65, "z"))
print("%r %s %a" % ("q", "q", "é"))
print("%(name)s has %(count)03d items" % {"name": "box", "count": 7})
print("100%% sure", "%s" % (1,), "%s" % [1, 2], "%s %s" % ((1, 2), 3))
print("%*d|%-*d|%.*f" % (5, 1, 4, 2, 2, 3.14159))
print("%i %u" % (5, 6), "%d" % 3.99, "%s" % None)
try:
    "%d" % "x"
except TypeError as e:
    print("TypeError:", e)
try:
    "%s %s" % (1,)
except TypeError as e:
    print("TypeError:", e)
try:
    "%s" % (1, 2)
except TypeError as e:
    print("TypeError:", e)
print(b"%s-%d" % (b"x", 5))
