print("{} {}".format("a", "b"), "{1} {0}".format("a", "b"), "{0}{0}".format("x"))
print("{name} is {age}".format(name="Ann", age=30), "{0[1]} {1[k]}".format([1, 2], {"k": "v"}))
class P:
    x = 3
print("{p.x}".format(p=P()), "{:>6}|{:<6}|{:^6}|".format("r", "l", "c"))
print("{:*^10}".format("mid"), "{:05d}".format(42), "{:+d} {:+d}".format(5, -5), "{: d}".format(7))
print("{:.3f} {:.2e} {:.1%} {:g} {:g}".format(3.14159, 12345.678, 0.256, 0.00001, 1e20))
print("{:x} {:X} {:o} {:b} {:#x} {:#o} {:#b}".format(255, 255, 8, 5, 255, 8, 5))
print("{:,} {:_} {:,.2f}".format(1234567, 1234567, 1234567.891))
print("{!r} {!s} {!a}".format("x", "y", "é"))
print("{{literal}} {}".format("v"))
print("{:10.3}|{:<10.2f}|{:>+10.1f}|".format(3.14159, 2.5, -1.25))
print("{0:{1}}|{0:>{2}}".format("w", 5, 4))
print(format(12, "08b"), format(3.5, ".0f"), format(4.5, ".0f"), format(-0.0, ".1f"))
print("{:c}".format(65), "{:s}".format("str"), "{:%}".format(0.5), "{:.0%}".format(1 / 3))
try:
    "{} {}".format(1)
except IndexError as e:
    print("IndexError:", e)
try:
    "{x}".format(y=1)
except KeyError as e:
    print("KeyError:", e)
