# open() in text mode decodes with the given codec and error handler as bytes.decode does
# (strict utf-8 by default: UnicodeDecodeError with the byte and position). Writes under /tmp.
import os
import time

P = "/tmp/pyrite_open_encoding_%d.bin" % time.time_ns()
with open(P, "wb") as f:
    f.write(b"caf\xe9 ok\n\xff\xfeend\n")
for kw in [{}, {"errors": "replace"}, {"errors": "ignore"}, {"encoding": "latin-1"}, {"encoding": "ascii", "errors": "backslashreplace"}, {"encoding": "nope"}]:
    try:
        with open(P, **kw) as f:
            print(kw, repr(f.read()))
    except (UnicodeDecodeError, LookupError) as e:
        print(kw, type(e).__name__, e)
with open(P, "r", -1, "latin-1") as f:
    print(f.readline())
os.remove(P)
