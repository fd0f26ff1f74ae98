"""binascii: hex, base64 and CRC-32 conversions (as CPython's binascii)."""


class Error(ValueError):
    pass


class Incomplete(Exception):
    pass


_B64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_crc_table = None


def _bytes_arg(data, ascii_str):
    # a2b_* functions also take ASCII strings; b2a_* functions only bytes-like objects.
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    if ascii_str:
        if isinstance(data, str):
            for ch in data:
                if ord(ch) > 127:
                    raise ValueError("string argument should contain only ASCII characters")
            return data.encode("ascii")
        raise TypeError(
            "argument should be bytes, buffer or ASCII string, not '%s'" % type(data).__name__
        )
    raise TypeError("a bytes-like object is required, not '%s'" % type(data).__name__)


def hexlify(data, sep=None, bytes_per_sep=1):
    data = _bytes_arg(data, False)
    h = data.hex()
    if sep is None or not data:
        return h.encode()
    if isinstance(sep, bytes):
        sep = sep.decode()
    if len(sep) != 1:
        raise ValueError("sep must be length 1.")
    step = abs(bytes_per_sep) * 2 if bytes_per_sep else len(h)
    if bytes_per_sep >= 0:
        parts = []
        end = len(h)
        while end > 0:
            parts.append(h[max(0, end - step):end])
            end -= step
        parts.reverse()
    else:
        parts = [h[i:i + step] for i in range(0, len(h), step)]
    return sep.join(parts).encode()


b2a_hex = hexlify


def unhexlify(hexstr):
    data = _bytes_arg(hexstr, True)
    if len(data) % 2:
        raise Error("Odd-length string")
    try:
        return bytes.fromhex(data.decode("ascii"))
    except ValueError:
        raise Error("Non-hexadecimal digit found") from None


a2b_hex = unhexlify


def b2a_base64(data, *, newline=True):
    data = _bytes_arg(data, False)
    out = bytearray()
    n = len(data)
    i = 0
    while i + 3 <= n:
        v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2]
        out.append(_B64[v >> 18])
        out.append(_B64[(v >> 12) & 63])
        out.append(_B64[(v >> 6) & 63])
        out.append(_B64[v & 63])
        i += 3
    rest = n - i
    if rest == 1:
        v = data[i] << 16
        out += bytes([_B64[v >> 18], _B64[(v >> 12) & 63]]) + b"=="
    elif rest == 2:
        v = (data[i] << 16) | (data[i + 1] << 8)
        out += bytes([_B64[v >> 18], _B64[(v >> 12) & 63], _B64[(v >> 6) & 63]]) + b"="
    if newline:
        out.append(10)
    return bytes(out)


def a2b_base64(data, *, strict_mode=False):
    data = _bytes_arg(data, True)
    out = bytearray()
    acc = 0
    nbits = 0
    quad = 0
    pads = 0
    for c in data:
        if c == 61:  # '='
            if quad >= 2:
                pads += 1
                if quad + pads >= 4:
                    # a complete quantum: stop here, as CPython does
                    quad = 0
                    acc = 0
                    nbits = 0
                    pads = 0
                    break
            continue
        v = _B64.find(bytes([c]))
        if v < 0:
            if strict_mode:
                raise Error("Only base64 data is allowed")
            continue
        if pads:
            pads = 0
        acc = (acc << 6) | v
        nbits += 6
        quad = (quad + 1) % 4
        if nbits >= 8:
            nbits -= 8
            out.append((acc >> nbits) & 255)
            acc &= (1 << nbits) - 1
    if quad == 1:
        count = (len(out) // 3) * 4 + 1
        raise Error(
            "Invalid base64-encoded string: number of data characters (%d) cannot be 1 more "
            "than a multiple of 4" % count
        )
    if quad != 0:
        raise Error("Incorrect padding")
    return bytes(out)


def crc32(data, crc=0):
    global _crc_table
    data = _bytes_arg(data, False)
    if _crc_table is None:
        table = []
        for n in range(256):
            c = n
            for _ in range(8):
                c = (0xEDB88320 ^ (c >> 1)) if c & 1 else (c >> 1)
            table.append(c)
        _crc_table = table
    table = _crc_table
    c = (crc & 0xFFFFFFFF) ^ 0xFFFFFFFF
    for b in data:
        c = table[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF
