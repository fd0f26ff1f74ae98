# MicroPython's `u` names: `import ujson` is `json` when there is no `ujson` module, for the
# native and frozen modules alike; an unknown `u` name is still a ModuleNotFoundError.
import ujson, json
print(ujson is json, ujson.dumps({"a": [1]}))
import utime, time
print(utime is time)
import ustruct
print(ustruct.pack("<h", 1))
import ure
print(ure.match(r"(\d+)", "42x").group(1))
from ucollections import namedtuple, deque
print(namedtuple("P", "x")(1), deque([1], 2))
import uio, uarray, uheapq, usys, uos, ubinascii, uhashlib, urandom, uerrno
print(uio.StringIO("x").read(), uarray.array("b", [1]), usys is __import__("sys"))
print(ubinascii.hexlify(b"\x01"), uerrno.ENOENT, uheapq.nsmallest(1, [3, 1]))
import sys
print("ujson" in sys.modules, sys.modules["ujson"] is json)
for name in ("ufoo", "u"):
    try:
        __import__(name)
    except ImportError as e:
        print(type(e).__name__, e)
