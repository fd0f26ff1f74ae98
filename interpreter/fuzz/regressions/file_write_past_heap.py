# A write after a seek far past the end must be a MemoryError, not a multi-GiB allocation.
import time
path = "/tmp/pyrite_write_past_heap_%d.bin" % time.time_ns()
with open(path, "wb") as f:
    f.write(b"abc")
with open(path, "r+b") as f:
    f.seek(2**40)
    try:
        f.write(b"x")
    except MemoryError:
        print("MemoryError")
    f.seek(2**62, 0)
    try:
        f.seek(2**62 + 2**62 - 1, 1)
    except OverflowError as e:
        print("OverflowError")
import os
os.remove(path)
