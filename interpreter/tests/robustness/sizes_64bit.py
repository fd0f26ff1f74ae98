# The size cases of diff/numbers/size_overflow.py whose answer depends on the
# pointer width (2**62 is a valid Py_ssize_t only on 64-bit): run by
# tests/robustness_sizes.rs on 64-bit hosts against CPython 3.11 64-bit output
# (sizes_64bit.py.expected). None may hang, wrap or abort on a failed allocation.
def t(label, f):
    try:
        r = f()
        if isinstance(r, (str, bytes, bytearray, list, tuple)) and len(r) > 20:
            r = (type(r).__name__, len(r))
        print(label, "->", r)
    except (OverflowError, MemoryError, ValueError, IndexError, TypeError) as e:
        print(label, "->", type(e).__name__, e if not isinstance(e, MemoryError) else "")
BIG = 2**62
N64 = 2**64
t("str*2**62", lambda: "x" * BIG)
t("list*2**62", lambda: [1] * BIG)
t("tuple*2**62", lambda: (1,) * BIG)
t("bytes*2**62", lambda: b"x" * BIG)
t("bytearray*2**62", lambda: bytearray(b"x") * BIG)
t("str*(2**63-1)", lambda: "x" * (2**63 - 1))
t("list*(2**63-1)", lambda: [1, 2] * (2**63 - 1))
t("bytes(2**62)", lambda: bytes(BIG))
t("bytearray(2**62)", lambda: bytearray(BIG))
t("ljust(2**62)", lambda: "x".ljust(BIG))
t("ljust(2**64)", lambda: "x".ljust(N64))
t("center(2**62)", lambda: "x".center(BIG))
t("zfill(2**62)", lambda: "-1".zfill(BIG))
t("bytes.rjust(2**62)", lambda: b"x".rjust(BIG))
t("to_bytes(2**62)", lambda: (1).to_bytes(BIG, "big"))
t("to_bytes(2**64)", lambda: (1).to_bytes(N64, "big"))
t("len(range(-2**63, 2**63-1))", lambda: len(range(-2**63, 2**63 - 1)))
t("len(range(2**62))", lambda: len(range(BIG)))
t("list[2**32]", lambda: [1, 2][2**32])
t("bytes[2**32]", lambda: b"a"[2**32])
t("split maxsplit 2**32", lambda: "a b c".split(" ", 2**32))
t("rsplit maxsplit 2**63-1", lambda: "a b c".rsplit(" ", 2**63 - 1))
t("replace count 2**32", lambda: "aaa".replace("a", "b", 2**32))
t("list.insert 2**32", lambda: [1, 2].insert(2**32, 3))
t("list.pop 2**32", lambda: [1, 2].pop(2**32))
t("format width 2**40", lambda: format(1, "1099511627776"))
t("'%*d' % (2**40, 1)", lambda: "%*d" % (2**40, 1))
t("'{:>{w}}' w=2**40", lambda: "{:>{w}}".format("x", w=2**40))
t("format precision 10**11", lambda: format(1.5, ".99999999999f"))
# File reads: a size is a Py_ssize_t (2**32 reads everything here; on a 32-bit
# target it is an OverflowError, never a size wrapped to 0).
import os
import time
path = "/tmp/pyrite_sizes_64bit_%d.txt" % time.time_ns()
with open(path, "w") as f:
    f.write("abc\ndef\n")
with open(path, "rb") as f:
    t("read(2**32)", lambda: f.read(2**32))
    f.seek(0)
    t("read(2**63)", lambda: f.read(2**63))
    t("read(2**64)", lambda: f.read(2**64))
    t("read(-2**70)", lambda: f.read(-2**70))
    t("seek(2**40)", lambda: f.seek(2**40))
    t("read at 2**40", lambda: f.read())
with open(path) as f:
    t("readline(2**32)", lambda: f.readline(2**32))
os.remove(path)
