"""hashlib: SHA-256, SHA-1 and MD5 message digests (as CPython's hashlib for these three)."""

_M32 = 0xFFFFFFFF

_K256 = (
    0x428A2F98, 0x71374491, 0xB5C0FBCF, 0xE9B5DBA5, 0x3956C25B, 0x59F111F1, 0x923F82A4,
    0xAB1C5ED5, 0xD807AA98, 0x12835B01, 0x243185BE, 0x550C7DC3, 0x72BE5D74, 0x80DEB1FE,
    0x9BDC06A7, 0xC19BF174, 0xE49B69C1, 0xEFBE4786, 0x0FC19DC6, 0x240CA1CC, 0x2DE92C6F,
    0x4A7484AA, 0x5CB0A9DC, 0x76F988DA, 0x983E5152, 0xA831C66D, 0xB00327C8, 0xBF597FC7,
    0xC6E00BF3, 0xD5A79147, 0x06CA6351, 0x14292967, 0x27B70A85, 0x2E1B2138, 0x4D2C6DFC,
    0x53380D13, 0x650A7354, 0x766A0ABB, 0x81C2C92E, 0x92722C85, 0xA2BFE8A1, 0xA81A664B,
    0xC24B8B70, 0xC76C51A3, 0xD192E819, 0xD6990624, 0xF40E3585, 0x106AA070, 0x19A4C116,
    0x1E376C08, 0x2748774C, 0x34B0BCB5, 0x391C0CB3, 0x4ED8AA4A, 0x5B9CCA4F, 0x682E6FF3,
    0x748F82EE, 0x78A5636F, 0x84C87814, 0x8CC70208, 0x90BEFFFA, 0xA4506CEB, 0xBEF9A3F7,
    0xC67178F2,
)

_MD5_S = (7, 12, 17, 22) * 4 + (5, 9, 14, 20) * 4 + (4, 11, 16, 23) * 4 + (6, 10, 15, 21) * 4
_md5_k = None


def _rotl(x, n):
    return ((x << n) | (x >> (32 - n))) & _M32


def _rotr(x, n):
    return ((x >> n) | (x << (32 - n))) & _M32


def _data(data):
    if isinstance(data, str):
        raise TypeError("Strings must be encoded before hashing")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise TypeError("object supporting the buffer API required")


class _Hash:
    """A Merkle–Damgård hash over 64-byte blocks; subclasses define the compression."""

    block_size = 64

    def __init__(self, data=b"", *, usedforsecurity=True):
        self._h = list(self._IV)
        self._buf = b""
        self._len = 0
        if data:
            self.update(data)

    def update(self, data):
        data = _data(data)
        self._len += len(data)
        buf = self._buf + data
        n = len(buf) // 64 * 64
        for i in range(0, n, 64):
            self._compress(buf[i:i + 64])
        self._buf = buf[n:]

    def copy(self):
        c = type(self)()
        c._h = list(self._h)
        c._buf = self._buf
        c._len = self._len
        return c

    def digest(self):
        c = self.copy()
        bits = self._len * 8
        pad = b"\x80" + bytes((55 - self._len) % 64)
        tail = bits.to_bytes(8, self._ORDER)
        c._len_final = True
        buf = c._buf + pad + tail
        for i in range(0, len(buf), 64):
            c._compress(buf[i:i + 64])
        return b"".join(w.to_bytes(4, self._ORDER) for w in c._h[: self.digest_size // 4])

    def hexdigest(self):
        return self.digest().hex()


class _Sha256(_Hash):
    name = "sha256"
    digest_size = 32
    _ORDER = "big"
    _IV = (0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB,
           0x5BE0CD19)

    def _compress(self, block):
        w = [int.from_bytes(block[i:i + 4], "big") for i in range(0, 64, 4)]
        for i in range(16, 64):
            x = w[i - 15]
            y = w[i - 2]
            s0 = _rotr(x, 7) ^ _rotr(x, 18) ^ (x >> 3)
            s1 = _rotr(y, 17) ^ _rotr(y, 19) ^ (y >> 10)
            w.append((w[i - 16] + s0 + w[i - 7] + s1) & _M32)
        a, b, c, d, e, f, g, h = self._h
        for i in range(64):
            t1 = (h + (_rotr(e, 6) ^ _rotr(e, 11) ^ _rotr(e, 25)) + ((e & f) ^ (~e & g))
                  + _K256[i] + w[i]) & _M32
            t2 = ((_rotr(a, 2) ^ _rotr(a, 13) ^ _rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) & _M32
            h = g
            g = f
            f = e
            e = (d + t1) & _M32
            d = c
            c = b
            b = a
            a = (t1 + t2) & _M32
        hs = self._h
        self._h = [(x + y) & _M32 for x, y in zip(hs, (a, b, c, d, e, f, g, h))]


class _Sha224(_Sha256):
    name = "sha224"
    digest_size = 28
    _IV = (0xC1059ED8, 0x367CD507, 0x3070DD17, 0xF70E5939, 0xFFC00B31, 0x68581511, 0x64F98FA7,
           0xBEFA4FA4)


class _Sha1(_Hash):
    name = "sha1"
    digest_size = 20
    _ORDER = "big"
    _IV = (0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0)

    def _compress(self, block):
        w = [int.from_bytes(block[i:i + 4], "big") for i in range(0, 64, 4)]
        for i in range(16, 80):
            w.append(_rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1))
        a, b, c, d, e = self._h
        for i in range(80):
            if i < 20:
                f = (b & c) | (~b & d)
                k = 0x5A827999
            elif i < 40:
                f = b ^ c ^ d
                k = 0x6ED9EBA1
            elif i < 60:
                f = (b & c) | (b & d) | (c & d)
                k = 0x8F1BBCDC
            else:
                f = b ^ c ^ d
                k = 0xCA62C1D6
            t = (_rotl(a, 5) + (f & _M32) + e + k + w[i]) & _M32
            e = d
            d = c
            c = _rotl(b, 30)
            b = a
            a = t
        self._h = [(x + y) & _M32 for x, y in zip(self._h, (a, b, c, d, e))]


class _Md5(_Hash):
    name = "md5"
    digest_size = 16
    _ORDER = "little"
    _IV = (0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476)

    def _compress(self, block):
        global _md5_k
        if _md5_k is None:
            from math import sin
            _md5_k = [int(abs(sin(i + 1)) * 4294967296) & _M32 for i in range(64)]
        m = [int.from_bytes(block[i:i + 4], "little") for i in range(0, 64, 4)]
        a, b, c, d = self._h
        for i in range(64):
            if i < 16:
                f = (b & c) | (~b & d)
                g = i
            elif i < 32:
                f = (d & b) | (~d & c)
                g = (5 * i + 1) % 16
            elif i < 48:
                f = b ^ c ^ d
                g = (3 * i + 5) % 16
            else:
                f = c ^ (b | (~d & _M32))
                g = (7 * i) % 16
            f = (f + a + _md5_k[i] + m[g]) & _M32
            a = d
            d = c
            c = b
            b = (b + _rotl(f, _MD5_S[i])) & _M32
        self._h = [(x + y) & _M32 for x, y in zip(self._h, (a, b, c, d))]


def sha256(data=b"", *, usedforsecurity=True):
    return _Sha256(data)


def sha224(data=b"", *, usedforsecurity=True):
    return _Sha224(data)


def sha1(data=b"", *, usedforsecurity=True):
    return _Sha1(data)


def md5(data=b"", *, usedforsecurity=True):
    return _Md5(data)


_CONSTRUCTORS = {"sha256": sha256, "sha224": sha224, "sha1": sha1, "md5": md5}
algorithms_guaranteed = frozenset(_CONSTRUCTORS)
algorithms_available = algorithms_guaranteed


def new(name, data=b"", **kwargs):
    ctor = _CONSTRUCTORS.get(name.lower())
    if ctor is None:
        raise ValueError("unsupported hash type " + name)
    return ctor(data)
