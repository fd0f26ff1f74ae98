"""struct: packing values into bytes (as CPython 3.11's struct, with its error messages).

The native mode (`@`, the default) uses an LP64 layout with natural alignment, like CPython on
a 64-bit Linux host, so programs and their expected outputs agree across ports.
"""

from math import frexp, ldexp, copysign

__all__ = ["calcsize", "pack", "pack_into", "unpack", "unpack_from", "iter_unpack", "Struct",
           "error"]


class error(Exception):
    pass


_INT_CODES = "bBhHiIlLqQnNP"
# code -> (native size, standard size); alignment equals the native size.
_SIZES = {
    "x": (1, 1), "c": (1, 1), "b": (1, 1), "B": (1, 1), "?": (1, 1),
    "h": (2, 2), "H": (2, 2), "i": (4, 4), "I": (4, 4), "l": (8, 4), "L": (8, 4),
    "q": (8, 8), "Q": (8, 8), "n": (8, 0), "N": (8, 0), "P": (8, 0),
    "e": (2, 2), "f": (4, 4), "d": (8, 8), "s": (1, 1), "p": (1, 1),
}
_NATIVE_NAMES = {"b": "byte", "B": "ubyte", "h": "short", "H": "ushort"}
_cache = {}


def _compile(fmt):
    """(byte order, code table, [(code, count, offset, size)], total size, item count)."""
    if isinstance(fmt, (bytes, bytearray)):
        fmt = bytes(fmt).decode("latin-1")
    elif not isinstance(fmt, str):
        raise TypeError(
            "Struct() argument 1 must be a str or bytes object, not %s" % type(fmt).__name__
        )
    hit = _cache.get(fmt)
    if hit is not None:
        return hit
    i = 0
    n = len(fmt)
    order = "little"
    native = True
    if n and fmt[0] in "@=<>!":
        c = fmt[0]
        i = 1
        if c == "=":
            native = False
        elif c == "<":
            native = False
        elif c in ">!":
            native = False
            order = "big"
    items = []
    offset = 0
    nargs = 0
    while i < n:
        c = fmt[i]
        i += 1
        if c in " \t\n\r\x0b\x0c":
            continue
        count = 1
        if "0" <= c <= "9":
            count = ord(c) - 48
            while i < n and "0" <= fmt[i] <= "9":
                count = count * 10 + ord(fmt[i]) - 48
                if count > 0x7FFFFFFFFFFFFFFF:
                    raise error("total struct size too long")
                i += 1
            if i >= n:
                raise error("repeat count given without format specifier")
            c = fmt[i]
            i += 1
        sizes = _SIZES.get(c)
        if sizes is None or (not native and sizes[1] == 0):
            raise error("bad char in struct format")
        size = sizes[0] if native else sizes[1]
        if native and size > 1 and c not in "sp":
            offset = (offset + size - 1) // size * size
        if c in "sp":
            items.append((c, count, offset, count))
            offset += count
            nargs += 1
        elif c == "x":
            offset += count
        else:
            for _ in range(count):
                items.append((c, 1, offset, size))
                offset += size
            nargs += count
        if offset > 0x7FFFFFFFFFFFFFFF:
            raise error("total struct size too long")
    table = "native" if native else ("big" if order == "big" else "little")
    result = (order, table, items, offset, nargs)
    if len(_cache) > 64:
        _cache.clear()
    _cache[fmt] = result
    return result


def _index(v):
    if isinstance(v, int):
        return int(v)
    index = None if isinstance(v, float) else getattr(type(v), "__index__", None)
    if index is None:
        raise error("required argument is not an integer")
    return index(v)


def _range_message(c, v, size, table, lo, hi):
    # CPython picks its messages per code table; on a little-endian host the '<'/'=' table
    # reuses the native functions wherever the sizes agree.
    as_native = table == "native" or (table == "little" and c in "bBhHiIqQ")
    if c in _NATIVE_NAMES and (as_native or c in "bB"):
        return "%s format requires %d <= number <= %d" % (_NATIVE_NAMES[c], lo, hi)
    if size == 8:
        return "int too large to convert" if table == "big" else "argument out of range"
    if lo < 0:
        if v < -(1 << 63) or v >= 1 << 63:
            return "argument out of range"
    elif v < 0 or v >= 1 << 64:
        return "argument out of range"
    return "'%s' format requires %d <= number <= %d" % (c, lo, hi)


def _pack_int(c, v, size, order, table):
    v = _index(v)
    bits = size * 8
    if c in "bhilqn":
        lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    else:
        lo, hi = 0, (1 << bits) - 1
    if v < lo or v > hi:
        raise error(_range_message(c, v, size, table, lo, hi))
    return (v & ((1 << bits) - 1)).to_bytes(size, order)


def _float_bits(x, ebits, mbits, code, saturate):
    emax = (1 << ebits) - 1
    bias = (1 << (ebits - 1)) - 1
    sign = 1 if copysign(1.0, x) < 0 else 0
    if x != x:
        return (sign << (ebits + mbits)) | (emax << mbits) | (1 << (mbits - 1))
    if sign:
        x = -x
    if x == float("inf"):
        e, mant = emax, 0
    elif x == 0:
        e, mant = 0, 0
    else:
        m, ex = frexp(x)
        e = ex - 1 + bias
        if e >= 1:
            scaled = ldexp(m, mbits + 1)
        else:
            scaled = ldexp(x, bias - 1 + mbits)
        whole = int(scaled)
        rem = scaled - whole
        if rem > 0.5 or (rem == 0.5 and whole & 1):
            whole += 1
        if e >= 1:
            if whole == (2 << mbits):
                e += 1
                whole = 1 << mbits
            mant = whole - (1 << mbits)
        elif whole == (1 << mbits):
            e, mant = 1, 0
        else:
            e, mant = 0, whole
        if e >= emax:
            if saturate:
                return (sign << (ebits + mbits)) | (emax << mbits)
            raise OverflowError("float too large to pack with %s format" % code)
    return (sign << (ebits + mbits)) | (e << mbits) | mant


def _bits_float(bits, ebits, mbits):
    emax = (1 << ebits) - 1
    bias = (1 << (ebits - 1)) - 1
    sign = -1.0 if bits >> (ebits + mbits) else 1.0
    e = (bits >> mbits) & emax
    mant = bits & ((1 << mbits) - 1)
    if e == emax:
        return sign * float("inf") if mant == 0 else copysign(float("nan"), sign)
    if e == 0:
        return sign * ldexp(float(mant), 1 - bias - mbits)
    return sign * ldexp(float(mant + (1 << mbits)), e - bias - mbits)


_FLOAT_LAYOUT = {"e": (5, 10), "f": (8, 23), "d": (11, 52)}


def _pack_item(c, count, size, v, order, table):
    if c in _INT_CODES:
        return _pack_int(c, v, size, order, table)
    if c in "efd":
        if not isinstance(v, (int, float)):
            f = getattr(type(v), "__float__", None)
            if f is None:
                raise error("required argument is not a float")
            v = f(v)
        ebits, mbits = _FLOAT_LAYOUT[c]
        # the native 'f' is a C cast: out-of-range values become infinities
        bits = _float_bits(float(v), ebits, mbits, c, c == "f" and table == "native")
        return bits.to_bytes(size, order)
    if c == "?":
        return b"\x01" if v else b"\x00"
    if c == "c":
        if not isinstance(v, (bytes, bytearray)) or len(v) != 1:
            raise error("char format requires a bytes object of length 1")
        return bytes(v)
    if c == "s":
        if not isinstance(v, (bytes, bytearray)):
            raise error("argument for 's' must be a bytes object")
        data = bytes(v)[:count]
        return data + bytes(count - len(data))
    # "p": a Pascal string, its length in the first byte
    if not isinstance(v, (bytes, bytearray)):
        raise error("argument for 'p' must be a bytes object")
    if count == 0:
        return b""
    data = bytes(v)[: count - 1]
    return bytes([min(len(data), 255)]) + data + bytes(count - 1 - len(data))


def _pack(layout, args):
    order, table, items, size, nargs = layout
    if len(args) != nargs:
        raise error("pack expected %d items for packing (got %d)" % (nargs, len(args)))
    out = bytearray(size)
    for (c, count, offset, isize), v in zip(items, args):
        out[offset:offset + isize] = _pack_item(c, count, isize, v, order, table)
    return bytes(out)


def _unpack(layout, data, start):
    order, table, items, size, nargs = layout
    out = []
    for c, count, offset, isize in items:
        chunk = data[start + offset:start + offset + isize]
        if c in _INT_CODES:
            v = int.from_bytes(chunk, order)
            if c in "bhilqn" and v >= 1 << (isize * 8 - 1):
                v -= 1 << (isize * 8)
            out.append(v)
        elif c in "efd":
            ebits, mbits = _FLOAT_LAYOUT[c]
            out.append(_bits_float(int.from_bytes(chunk, order), ebits, mbits))
        elif c == "?":
            out.append(chunk[0] != 0)
        elif c == "c" or c == "s":
            out.append(bytes(chunk))
        else:
            n = chunk[0] if count else 0
            if n >= count:
                n = count - 1 if count else 0
            out.append(bytes(chunk[1:1 + n]))
    return tuple(out)


def _buffer(b):
    if isinstance(b, (bytes, bytearray)):
        return b
    if isinstance(b, memoryview):
        return b.tobytes()
    raise TypeError("a bytes-like object is required, not '%s'" % type(b).__name__)


def calcsize(fmt):
    return _compile(fmt)[3]


def pack(fmt, *args):
    return _pack(_compile(fmt), args)


def unpack(fmt, buffer):
    layout = _compile(fmt)
    data = _buffer(buffer)
    if len(data) != layout[3]:
        raise error("unpack requires a buffer of %d bytes" % layout[3])
    return _unpack(layout, data, 0)


def unpack_from(fmt, buffer, offset=0):
    layout = _compile(fmt)
    data = _buffer(buffer)
    offset = _index(offset)
    size = layout[3]
    n = len(data)
    if offset < 0:
        if offset + n < 0:
            raise error("offset %d out of range for %d-byte buffer" % (offset, n))
        offset += n
    if n - offset < size:
        raise error(
            "unpack_from requires a buffer of at least %d bytes for unpacking %d bytes at "
            "offset %d (actual buffer size is %d)" % (size + offset, size, offset, n)
        )
    return _unpack(layout, data, offset)


def pack_into(fmt, buffer, offset, *args):
    layout = _compile(fmt)
    if not isinstance(buffer, (bytearray, memoryview)):
        raise TypeError(
            "argument must be read-write bytes-like object, not %s" % type(buffer).__name__
        )
    packed = _pack(layout, args)
    offset = _index(offset)
    size = layout[3]
    n = len(buffer)
    if offset < 0:
        if offset + size > 0:
            raise error("no space to pack %d bytes at offset %d" % (size, offset))
        if offset + n < 0:
            raise error("offset %d out of range for %d-byte buffer" % (offset, n))
        offset += n
    if n - offset < size:
        raise error(
            "pack_into requires a buffer of at least %d bytes for packing %d bytes at "
            "offset %d (actual buffer size is %d)" % (size + offset, size, offset, n)
        )
    buffer[offset:offset + size] = packed


def iter_unpack(fmt, buffer):
    layout = _compile(fmt)
    data = _buffer(buffer)
    size = layout[3]
    if size == 0:
        raise error("cannot iteratively unpack with a struct of length 0")
    if len(data) % size:
        raise error("iterative unpacking requires a buffer of a multiple of %d bytes" % size)
    return iter([_unpack(layout, data, i) for i in range(0, len(data), size)])


class Struct:
    def __init__(self, format):
        self._layout = _compile(format)
        self.format = format.decode("latin-1") if isinstance(format, bytes) else format
        self.size = self._layout[3]

    def pack(self, *args):
        return _pack(self._layout, args)

    def unpack(self, buffer):
        return unpack(self.format, buffer)

    def unpack_from(self, buffer, offset=0):
        return unpack_from(self.format, buffer, offset)

    def pack_into(self, buffer, offset, *args):
        pack_into(self.format, buffer, offset, *args)

    def iter_unpack(self, buffer):
        return iter_unpack(self.format, buffer)

    def __repr__(self):
        return "Struct(%r)" % self.format
