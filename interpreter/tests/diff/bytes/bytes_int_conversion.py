n = 0xDEADBEEF
b = n.to_bytes(4, "big")
print(b, int.from_bytes(b, "big"), int.from_bytes(b, "little"), b.hex(), b.hex(":") if hasattr(b, "hex") else "")
print((1).to_bytes(8, "little"), (-2).to_bytes(2, "big", signed=True), int.from_bytes(b"\xfe\xff", "little", signed=True))
checksum = 0
for byte in b"some payload":
    checksum = (checksum + byte) & 0xFF
print(checksum)
def crc8(data):
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc
print(crc8(b"123456789"), hex(crc8(b"hello")))
packed = bytes([0x12, 0x34, 0x56, 0x78])
print([hex(x) for x in packed], packed[0] << 8 | packed[1])
print(bytes(x ^ 0x55 for x in b"secret"), bytes(x ^ 0x55 for x in bytes(x ^ 0x55 for x in b"secret")))
