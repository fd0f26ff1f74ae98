# Unary operators and %-formatting of int and float subclasses act on their values.
class F(int):
    def __repr__(self):
        return "F!"


class G(float):
    pass


x = F(3)
print(type(int(x)).__name__, int(x), type(+x).__name__, +x, type(-x).__name__, -x)
print(type(~x).__name__, ~x, type(abs(F(-4))).__name__, abs(F(-4)))
print(+G(1.5), -G(1.5), type(+G(1.5)).__name__)
print("%d %i %x %o %X %5.2f %e %c" % (x, x, F(255), x, F(255), x, x, F(65)))
print("%d %.1f %s %r" % (G(2.7), G(2.25), x, x))
print("%(a)d" % {"a": F(7)})
try:
    ~G(1.0)
except TypeError as e:
    print(type(e).__name__, e)
