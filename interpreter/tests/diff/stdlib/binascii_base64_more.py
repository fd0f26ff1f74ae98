import binascii, base64
for d in [b"", b"a", b"ab", b"abc", b"abcd", bytes(range(256))]:
    e = binascii.b2a_base64(d)
    assert binascii.a2b_base64(e) == d, d
    print(e[:20], binascii.crc32(d), binascii.hexlify(d[:5], ":"), binascii.hexlify(d[:5], b"-", -2))
for bad in [b"a", b"ab", b"abc=", b"a===", "é"]:
    try:
        print(binascii.a2b_base64(bad))
    except Exception as e:
        print(type(e).__name__, e)
for bad in ["zz", "0", b"\xff\xff", 5]:
    try:
        print(binascii.unhexlify(bad))
    except Exception as e:
        print(type(e).__name__, e)
print(base64.urlsafe_b64encode(b"\xfb\xff"), base64.b16encode(b"\xab"), base64.b16decode("AB"), base64.b64decode(b"YWJj\nZGVm"))
print(issubclass(binascii.Error, ValueError))
