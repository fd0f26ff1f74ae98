"""array: typed arrays of numbers (as CPython's array on a 64-bit Linux host)."""

import struct as _struct

typecodes = "bBuhHiIlLqQfd"
_SIZES = {"b": 1, "B": 1, "u": 4, "h": 2, "H": 2, "i": 4, "I": 4, "l": 8, "L": 8, "q": 8, "Q": 8,
          "f": 4, "d": 8}
_INT_LIMITS = {
    "b": ("signed char", -128, 127),
    "B": ("unsigned byte integer", 0, 255),
    "h": ("signed short integer", -32768, 32767),
    "H": ("unsigned short", 0, 65535),
    "i": ("signed integer", -2147483648, 2147483647),
    "I": ("unsigned int", 0, 4294967295),
}


def _check_item(tc, v):
    if tc in "fd":
        if not isinstance(v, (int, float)):
            raise TypeError("must be real number, not %s" % type(v).__name__)
        if tc == "f":
            # stored as a C float: round to single precision now, as CPython does
            return _struct.unpack("f", _struct.pack("f", float(v)))[0]
        return float(v)
    if tc == "u":
        if not isinstance(v, str) or len(v) != 1:
            raise TypeError("array item must be unicode character")
        return v
    if not isinstance(v, int):
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(v).__name__)
    v = int(v)
    if tc in "qQ":
        if tc == "Q" and v < 0:
            raise OverflowError("can't convert negative int to unsigned")
        if v >= (1 << 64 if tc == "Q" else 1 << 63) or v < -(1 << 63):
            raise OverflowError("int too big to convert")
        return v
    if tc in "IL" and v < 0:
        raise OverflowError("can't convert negative value to unsigned int")
    if tc in "IL" and v >= 1 << 64:
        raise OverflowError("Python int too large to convert to C unsigned long")
    if tc not in "IL" and (v >= 1 << 63 or v < -(1 << 63)):
        raise OverflowError("Python int too large to convert to C long")
    if tc == "L":
        return v
    if tc == "l":
        return v
    name, lo, hi = _INT_LIMITS[tc]
    if v < lo:
        raise OverflowError("%s is less than minimum" % name)
    if v > hi:
        raise OverflowError("%s is greater than maximum" % name)
    return v


class array:
    # A sequence to `match` (Py_TPFLAGS_SEQUENCE, as collections.abc registers it).
    __abc_tpflags__ = 32

    def __init__(self, typecode, initializer=None):
        if not isinstance(typecode, str) or len(typecode) != 1 or typecode not in typecodes:
            raise ValueError(
                "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)"
            )
        self.typecode = typecode
        self.itemsize = _SIZES[typecode]
        self._items = []
        if initializer is None:
            return
        if isinstance(initializer, (bytes, bytearray)):
            self.frombytes(initializer)
        elif isinstance(initializer, str):
            if typecode != "u":
                raise TypeError(
                    "cannot use a str to initialize an array with typecode '%s'" % typecode
                )
            self._items = list(initializer)
        else:
            self.extend(initializer)

    def _fmt(self, n):
        return "<%d%s" % (n, "I" if self.typecode == "u" else self.typecode)

    def append(self, v):
        self._items.append(_check_item(self.typecode, v))

    def extend(self, iterable):
        if isinstance(iterable, array) and iterable.typecode != self.typecode:
            raise TypeError("can only extend with array of same kind")
        tc = self.typecode
        self._items.extend([_check_item(tc, v) for v in iterable])

    fromlist = extend

    def insert(self, i, v):
        self._items.insert(i, _check_item(self.typecode, v))

    def pop(self, i=-1):
        if not self._items:
            raise IndexError("pop from empty array")
        try:
            return self._items.pop(i)
        except IndexError:
            raise IndexError("pop index out of range") from None

    def remove(self, v):
        try:
            self._items.remove(v)
        except ValueError:
            raise ValueError("array.remove(x): x not in array") from None

    def index(self, v, *args):
        try:
            return self._items.index(v, *args)
        except ValueError:
            raise ValueError("array.index(x): x not in array") from None

    def count(self, v):
        return self._items.count(v)

    def reverse(self):
        self._items.reverse()

    def tolist(self):
        return list(self._items)

    def tobytes(self):
        if self.typecode == "u":
            return _struct.pack(self._fmt(len(self._items)), *[ord(c) for c in self._items])
        return _struct.pack(self._fmt(len(self._items)), *self._items)

    def __bytes__(self):
        return self.tobytes()

    def frombytes(self, data):
        data = bytes(data)
        if len(data) % self.itemsize:
            raise ValueError("bytes length not a multiple of item size")
        vals = _struct.unpack(self._fmt(len(data) // self.itemsize), data)
        if self.typecode == "u":
            vals = [chr(v) for v in vals]
        self._items.extend(vals)

    def tounicode(self):
        if self.typecode != "u":
            raise ValueError("tounicode() may only be called on unicode type arrays")
        return "".join(self._items)

    def byteswap(self):
        n = self.itemsize
        raw = self.tobytes()
        swapped = b"".join(raw[i:i + n][::-1] for i in range(0, len(raw), n))
        self._items = []
        self.frombytes(swapped)

    def buffer_info(self):
        return (id(self), len(self._items))

    def __len__(self):
        return len(self._items)

    def __iter__(self):
        return iter(self._items)

    def __contains__(self, v):
        return v in self._items

    def __getitem__(self, i):
        if isinstance(i, slice):
            out = array(self.typecode)
            out._items = self._items[i]
            return out
        try:
            return self._items[i]
        except IndexError:
            raise IndexError("array index out of range") from None

    def __setitem__(self, i, v):
        if isinstance(i, slice):
            if not isinstance(v, array):
                raise TypeError(
                    "can only assign array (not \"%s\") to array slice" % type(v).__name__
                )
            self._items[i] = v._items
            return
        try:
            self._items[i] = _check_item(self.typecode, v)
        except IndexError:
            raise IndexError("array assignment index out of range") from None

    def __delitem__(self, i):
        del self._items[i]

    def __eq__(self, other):
        if not isinstance(other, array):
            return NotImplemented
        return self._items == other._items

    def __ne__(self, other):
        if not isinstance(other, array):
            return NotImplemented
        return self._items != other._items

    def __lt__(self, other):
        if not isinstance(other, array):
            return NotImplemented
        return self._items < other._items

    def __add__(self, other):
        if not isinstance(other, array):
            raise TypeError(
                "can only append array (not \"%s\") to array" % type(other).__name__
            )
        if other.typecode != self.typecode:
            raise TypeError("bad argument type for built-in operation")
        out = array(self.typecode)
        out._items = self._items + other._items
        return out

    def __iadd__(self, other):
        if not isinstance(other, array):
            raise TypeError(
                "can only extend array with array (not \"%s\")" % type(other).__name__
            )
        self.extend(other)
        return self

    def __mul__(self, n):
        out = array(self.typecode)
        out._items = self._items * n
        return out

    __rmul__ = __mul__

    def __copy__(self):
        return self[:]

    def __deepcopy__(self, memo):
        return self[:]

    def __repr__(self):
        if not self._items:
            return "array('%s')" % self.typecode
        if self.typecode == "u":
            return "array('u', %r)" % "".join(self._items)
        return "array('%s', %r)" % (self.typecode, self._items)


ArrayType = array
