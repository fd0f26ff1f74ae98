# printf-style formatting accepts C's length modifiers h, l, L (and ignores them).
print("%ld|%5.2lf|%hd|%Lx|%-4li|" % (5, 3.14159, 7, 255, 3))
print("%(n)ld items" % {"n": 12})
print(b"%ld|%lx" % (5, 255))
for fmt in ("%l", "%lq", "%5l"):
    try:
        print(fmt % 5)
    except ValueError as e:
        print("ValueError", e)
