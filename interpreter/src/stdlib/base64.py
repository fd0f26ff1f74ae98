"""base64: RFC 4648 base16/base64 encodings on top of binascii (as CPython's base64)."""

import binascii


def _bytes_arg(s):
    if isinstance(s, str):
        try:
            return s.encode("ascii")
        except UnicodeError:
            raise ValueError("string argument should contain only ASCII characters") from None
    if isinstance(s, (bytes, bytearray, memoryview)):
        return bytes(s)
    raise TypeError(
        "argument should be a bytes-like object or ASCII string, not '%s'" % type(s).__name__
    )


def b64encode(s, altchars=None):
    if not isinstance(s, (bytes, bytearray, memoryview)):
        raise TypeError("a bytes-like object is required, not '%s'" % type(s).__name__)
    encoded = binascii.b2a_base64(s, newline=False)
    if altchars is not None:
        altchars = _bytes_arg(altchars)
        encoded = encoded.replace(b"+", altchars[0:1]).replace(b"/", altchars[1:2])
    return encoded


def b64decode(s, altchars=None, validate=False):
    s = _bytes_arg(s)
    if altchars is not None:
        altchars = _bytes_arg(altchars)
        s = s.replace(altchars[0:1], b"+").replace(altchars[1:2], b"/")
    return binascii.a2b_base64(s, strict_mode=validate)


def standard_b64encode(s):
    return b64encode(s)


def standard_b64decode(s):
    return b64decode(s)


def urlsafe_b64encode(s):
    return b64encode(s, b"-_")


def urlsafe_b64decode(s):
    return b64decode(s, b"-_")


def b16encode(s):
    return binascii.hexlify(s).upper()


def b16decode(s, casefold=False):
    s = _bytes_arg(s)
    if casefold:
        s = s.upper()
    for c in s:
        if c not in b"0123456789ABCDEF":
            raise binascii.Error("Non-base16 digit found")
    return binascii.unhexlify(s)


decodebytes = binascii.a2b_base64
