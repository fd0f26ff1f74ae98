# iter(callable, sentinel) needs a callable; print() keyword names; int.to_bytes byteorder;
# int() with a prefix and an underscore.
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


t(lambda: iter(5, 0))
t(lambda: list(iter([1, 2, 0, 3].pop, 3)))
t(lambda: print("x", bogus=1))
t(lambda: print("a", "b", sep="-", end="!\n", flush=True))
t(lambda: (255).to_bytes(1, "middle"))
t(lambda: int.from_bytes(b"\x01\x00", "LITTLE"))
t(lambda: (258).to_bytes(2, "little"))
t(lambda: int.from_bytes(b"\x01\x02", byteorder="big"))
t(lambda: int("0x_ff", 16))
t(lambda: int("0b_101", 0))
t(lambda: int("0o_17", 0))
t(lambda: int("0x__ff", 16))
t(lambda: int("0x_", 16))
t(lambda: int("_ff", 16))
