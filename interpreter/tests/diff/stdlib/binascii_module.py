import binascii
print(binascii.hexlify(b"\x01\xabZ"), binascii.unhexlify("01ab5a"), binascii.hexlify(b"ab", "-") if False else "")
print(binascii.b2a_base64(b"hello world"), binascii.a2b_base64(b"aGVsbG8gd29ybGQ="))
print(binascii.b2a_base64(b"hi", newline=False), binascii.crc32(b"hello"), binascii.crc32(b"world", binascii.crc32(b"hello ")))
print(hex(binascii.crc32(b"123456789")))
try:
    binascii.unhexlify("abc")
except (binascii.Error, ValueError) as e:
    print("Error:", type(e).__name__)
import base64
print(base64.b64encode(b"\x00\xff"), base64.b64decode("AP8="))
