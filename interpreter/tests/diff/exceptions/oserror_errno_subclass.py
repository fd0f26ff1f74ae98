for n in (1, 2, 13, 17, 20, 21, 110, 5, 999):
    e = OSError(n, 'msg')
    print(type(e).__name__, e.errno, e.strerror, str(e), isinstance(e, OSError))
print(type(OSError(2)).__name__, type(OSError('x', 'y')).__name__, type(FileNotFoundError(13, 'z')).__name__)
try:
    raise OSError(2, 'gone')
except FileNotFoundError as e:
    print('fnf', e)
