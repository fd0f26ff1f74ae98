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
    # The items live packed in the bytearray this attribute names: the interpreter's buffer
    # protocol finds them there, so memoryview(a), f.readinto(a), struct.pack_into(fmt, a, ...)
    # and bytes(a) see and write the array's memory, as CPython's.
    __pyrite_buffer__ = "_b"

    def __init__(self, typecode, initializer=None):
        if not isinstance(typecode, str) or len(typecode) != 1 or typecode not in typecodes:
            raise ValueError(
                "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)"
            )
        self.typecode = typecode
        self.itemsize = _SIZES[typecode]
        self._b = bytearray()
        if initializer is None:
            return
        if isinstance(initializer, (bytes, bytearray)):
            self.frombytes(initializer)
        elif isinstance(initializer, str):
            if typecode != "u":
                raise TypeError(
                    "cannot use a str to initialize an array with typecode '%s'" % typecode
                )
            self.extend(initializer)
        else:
            self.extend(initializer)

    def _fmt(self, n):
        # Native sizes and order (as the interpreter's memoryview reads them): `l` is 8 bytes.
        return "%d%s" % (n, "I" if self.typecode == "u" else self.typecode)

    def _pack(self, values):
        """The bytes of `values`, each checked as an item of this array."""
        tc = self.typecode
        vals = [_check_item(tc, v) for v in values]
        if tc == "u":
            vals = [ord(c) for c in vals]
        return _struct.pack(self._fmt(len(vals)), *vals)

    def _items(self):
        vals = list(_struct.unpack(self._fmt(len(self._b) // self.itemsize), self._b))
        if self.typecode == "u":
            return [chr(v) for v in vals]
        return vals

    def _index(self, i, msg):
        if not isinstance(i, int):
            raise TypeError("array indices must be integers")
        n = len(self._b) // self.itemsize
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(msg)
        return i

    def append(self, v):
        self._b += self._pack((v,))

    def extend(self, iterable):
        if isinstance(iterable, array):
            if iterable.typecode != self.typecode:
                raise TypeError("can only extend with array of same kind")
            self._b += iterable._b
            return
        self._b += self._pack(list(iterable))

    fromlist = extend

    def insert(self, i, v):
        n = len(self)
        i = i.__index__() if not isinstance(i, int) else i
        if i < 0:
            i = max(0, i + n)
        i = min(i, n)
        k = self.itemsize
        self._b[i * k:i * k] = self._pack((v,))

    def pop(self, i=-1):
        if not self._b:
            raise IndexError("pop from empty array")
        i = self._index(i, "pop index out of range")
        v = self[i]
        k = self.itemsize
        del self._b[i * k:(i + 1) * k]
        return v

    def remove(self, v):
        try:
            i = self._items().index(v)
        except ValueError:
            raise ValueError("array.remove(x): x not in array") from None
        k = self.itemsize
        del self._b[i * k:(i + 1) * k]

    def index(self, v, *args):
        try:
            return self._items().index(v, *args)
        except ValueError:
            raise ValueError("array.index(x): x not in array") from None

    def count(self, v):
        return self._items().count(v)

    def reverse(self):
        self._b[:] = self._pack(self._items()[::-1])

    def tolist(self):
        return self._items()

    def tobytes(self):
        return bytes(self._b)

    def frombytes(self, data):
        data = bytes(data)
        if len(data) % self.itemsize:
            raise ValueError("bytes length not a multiple of item size")
        self._b += data

    def tounicode(self):
        if self.typecode != "u":
            raise ValueError("tounicode() may only be called on unicode type arrays")
        return "".join(self._items())

    def byteswap(self):
        n = self.itemsize
        b = self._b
        for i in range(0, len(b), n):
            b[i:i + n] = b[i:i + n][::-1]

    def buffer_info(self):
        return (id(self), len(self))

    def __len__(self):
        return len(self._b) // self.itemsize

    def __iter__(self):
        return iter(self._items())

    def __contains__(self, v):
        return v in self._items()

    def __getitem__(self, i):
        if isinstance(i, slice):
            out = array(self.typecode)
            out._b = bytearray(self._pack(self._items()[i]))
            return out
        i = self._index(i, "array index out of range")
        v = _struct.unpack_from(self._fmt(1), self._b, i * self.itemsize)[0]
        return chr(v) if self.typecode == "u" else v

    def __setitem__(self, i, v):
        if isinstance(i, slice):
            if not isinstance(v, array):
                raise TypeError(
                    "can only assign array (not \"%s\") to array slice" % type(v).__name__
                )
            if v.typecode != self.typecode:
                raise TypeError("bad argument type for built-in operation")
            items = self._items()
            new = v._items()
            if i.step not in (None, 1) and len(range(*i.indices(len(items)))) != len(new):
                raise ValueError(
                    "attempt to assign array of size %d to extended slice of size %d"
                    % (len(new), len(range(*i.indices(len(items)))))
                )
            items[i] = new
            self._b[:] = self._pack(items)
            return
        i = self._index(i, "array assignment index out of range")
        self._b[i * self.itemsize:(i + 1) * self.itemsize] = self._pack((v,))

    def __delitem__(self, i):
        if isinstance(i, slice):
            items = self._items()
            del items[i]
            self._b[:] = self._pack(items)
            return
        i = self._index(i, "array assignment index out of range")
        del self._b[i * self.itemsize:(i + 1) * self.itemsize]

    def __eq__(self, other):
        if not isinstance(other, array):
            return NotImplemented
        return self._items() == other._items()

    def __ne__(self, other):
        if not isinstance(other, array):
            return NotImplemented
        return self._items() != other._items()

    def __lt__(self, other):
        if not isinstance(other, array):
            return NotImplemented
        return self._items() < other._items()

    def __add__(self, other):
        if not isinstance(other, array):
            raise TypeError(
                "can only append array (not \"%s\") to array" % type(other).__name__
            )
        if other.typecode != self.typecode:
            raise TypeError("bad argument type for built-in operation")
        out = array(self.typecode)
        out._b = self._b + other._b
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
        out._b = self._b * n
        return out

    __rmul__ = __mul__

    def __copy__(self):
        return self[:]

    def __deepcopy__(self, memo):
        return self[:]

    def __repr__(self):
        if not self._b:
            return "array('%s')" % self.typecode
        if self.typecode == "u":
            return "array('u', %r)" % self.tounicode()
        return "array('%s', %r)" % (self.typecode, self._items())


ArrayType = array
