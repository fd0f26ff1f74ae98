# I2C's primitive operations (start, write, readinto, stop) on the simulated board's MPU6050 (0x68)
# and SHT3x (0x44): register reads with a repeated start, ACK counts, a missing device.
from machine import I2C, SoftI2C, Pin
import struct
for i2c in (SoftI2C(scl=Pin(5), sda=Pin(4)), I2C(0)):
    print(i2c.scan())
    # MPU6050 WHO_AM_I (0x75) by primitives: write register, repeated start, read
    i2c.start()
    print("addr ack", i2c.write(bytes([0x68 << 1])))
    print("reg ack", i2c.write(b"\x75"))
    i2c.start()
    print("read ack", i2c.write(bytes([0x68 << 1 | 1])))
    buf = bytearray(1)
    i2c.readinto(buf)
    i2c.stop()
    print("who_am_i", hex(buf[0]))
    # wake it (PWR_MGMT_1 = 0) in one write
    i2c.start()
    print("acks", i2c.write(bytes([0x68 << 1, 0x6B, 0x00])))
    i2c.stop()
    print("pwr", i2c.readfrom_mem(0x68, 0x6B, 1))
    # missing device
    i2c.start()
    print("nack", i2c.write(bytes([0x50 << 1, 1, 2])))
    i2c.stop()
    i2c.start()
    print("nack read", i2c.write(bytes([0x50 << 1 | 1])))
    b2 = bytearray(2)
    i2c.readinto(b2)
    i2c.stop()
    print(bytes(b2))
    print("no start", i2c.write(b"\x00"))
    # SHT3x status via primitives: command F32D, then read 3 bytes
    i2c.start(); i2c.write(bytes([0x44 << 1, 0xF3, 0x2D])); i2c.stop()
    i2c.start(); i2c.write(bytes([0x44 << 1 | 1])); st = bytearray(3); i2c.readinto(st, False); i2c.stop()
    print("status", st.hex())
    try:
        i2c.write()
    except TypeError as e:
        print("TypeError", e)
    mv = memoryview(bytearray(4))
    i2c.start(); i2c.write(bytes([0x68 << 1, 0x3B])); i2c.start(); i2c.write(bytes([0x68 << 1 | 1])); i2c.readinto(mv); i2c.stop()
    print(len(bytes(mv)))
