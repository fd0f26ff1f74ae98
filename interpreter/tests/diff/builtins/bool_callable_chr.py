print(bool(), bool(0), bool(1), bool("a"), bool([]), bool([[]]), bool(0.0), bool(-0.0), bool(None))
print(callable(print), callable(len), callable(lambda: 0), callable(int), callable("s"), callable(None), callable(object()))
class C:
    def m(self):
        pass
print(callable(C), callable(C()), callable(C().m))
print(chr(48), chr(97), chr(8364), chr(0x1F600), chr(0) == "\x00", [chr(i) for i in range(65, 70)])
try:
    chr(0x110000)
except ValueError as e:
    print("ValueError:", e)
print(True + 1, True & False, True | False, True ^ True, -True, int(True), str(False), repr(True))
