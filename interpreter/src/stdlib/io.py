"""io: in-memory text and binary streams (StringIO, BytesIO) as CPython's io."""

SEEK_SET = 0
SEEK_CUR = 1
SEEK_END = 2


class UnsupportedOperation(OSError, ValueError):
    pass


class _Memory:
    """A seekable in-memory stream over a str or bytes buffer."""

    def __init__(self, initial, empty):
        self._empty = empty
        self._buf = initial if initial is not None else empty
        self._pos = 0
        self.closed = False

    def _check(self):
        if self.closed:
            raise ValueError(self._closed_message)

    def getvalue(self):
        self._check()
        return self._buf

    def tell(self):
        self._check()
        return self._pos

    def seek(self, pos, whence=0):
        self._check()
        if whence == 0:
            if pos < 0:
                raise ValueError("negative seek value %d" % pos)
            self._pos = pos
        elif whence == 1:
            self._pos = max(0, self._pos + pos)
        elif whence == 2:
            self._pos = max(0, len(self._buf) + pos)
        else:
            raise ValueError("invalid whence (%d, should be 0, 1 or 2)" % whence)
        return self._pos

    def read(self, size=-1):
        self._check()
        if size is None or size < 0:
            end = len(self._buf)
        else:
            end = min(len(self._buf), self._pos + size)
        start = min(self._pos, len(self._buf))
        self._pos = max(self._pos, end)
        return self._buf[start:end]

    def readline(self, size=-1):
        self._check()
        buf = self._buf
        start = min(self._pos, len(buf))
        nl = "\n" if isinstance(buf, str) else b"\n"
        end = buf[start:].find(nl)
        end = len(buf) if end < 0 else start + end + 1
        if size is not None and size >= 0:
            end = min(end, start + size)
        self._pos = end
        return buf[start:end]

    def readlines(self, hint=-1):
        lines = []
        total = 0
        while True:
            line = self.readline()
            if not line:
                break
            lines.append(line)
            total += len(line)
            if hint is not None and 0 < hint <= total:
                break
        return lines

    def write(self, data):
        self._check()
        data = self._coerce(data)
        n = len(data)
        buf = self._buf
        pos = self._pos
        if pos > len(buf):
            buf = buf + self._pad(pos - len(buf))
        self._buf = buf[:pos] + data + buf[pos + n:]
        self._pos = pos + n
        return n

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def truncate(self, size=None):
        self._check()
        if size is None:
            size = self._pos
        if size < 0:
            raise ValueError("negative size value %d" % size)
        self._buf = self._buf[:size]
        return size

    def __iter__(self):
        self._check()
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def close(self):
        self.closed = True

    def flush(self):
        self._check()

    def readable(self):
        self._check()
        return True

    def writable(self):
        self._check()
        return True

    def seekable(self):
        self._check()
        return True

    def isatty(self):
        self._check()
        return False

    def fileno(self):
        raise UnsupportedOperation("fileno")

    def detach(self):
        raise UnsupportedOperation("detach")

    def __enter__(self):
        self._check()
        return self

    def __exit__(self, *exc):
        self.close()


class StringIO(_Memory):
    _closed_message = "I/O operation on closed file"

    def __init__(self, initial_value="", newline="\n"):
        if initial_value is None:
            initial_value = ""
        if not isinstance(initial_value, str):
            raise TypeError(
                "initial_value must be str or None, not %s" % type(initial_value).__name__
            )
        _Memory.__init__(self, initial_value, "")

    def _coerce(self, data):
        if not isinstance(data, str):
            raise TypeError("string argument expected, got '%s'" % type(data).__name__)
        return data

    def _pad(self, n):
        return "\0" * n

    def seek(self, pos, whence=0):
        # a text stream's own messages (CPython says "cur" for the end too), and only
        # offset 0 from the current position or the end
        self._check()
        if whence not in (0, 1, 2):
            raise ValueError("Invalid whence (%d, should be 0, 1 or 2)" % whence)
        if whence == 0 and pos < 0:
            raise ValueError("Negative seek position %d" % pos)
        if whence and pos:
            raise OSError("Can't do nonzero cur-relative seeks")
        return _Memory.seek(self, pos, whence)


class BytesIO(_Memory):
    _closed_message = "I/O operation on closed file."

    def __init__(self, initial_bytes=b""):
        if initial_bytes is None:
            initial_bytes = b""
        _Memory.__init__(self, self._coerce(initial_bytes), b"")

    def _coerce(self, data):
        if isinstance(data, (bytes, bytearray, memoryview)):
            return bytes(data)
        raise TypeError("a bytes-like object is required, not '%s'" % type(data).__name__)

    def _pad(self, n):
        return bytes(n)

    def getbuffer(self):
        return memoryview(bytearray(self._buf))

    def read1(self, size=-1):
        return self.read(size)

    def readinto(self, b):
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)
