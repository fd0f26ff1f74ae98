# Ints past 64 bits packed with the byte/short codes: CPython reads a C long first, so the
# message is "argument out of range" rather than the code's own range.
import struct

for f in ["<b", "<B", "<h", "<H", "b", "B", "h", "H", ">h", ">b", "<i", "i", ">i", "<q", ">Q"]:
    for v in [2**70, -2**70, 2**63, 2**64, -2**63 - 1, 40000, -200]:
        try:
            print(f, v, struct.pack(f, v))
        except struct.error as e:
            print(f, v, e)
