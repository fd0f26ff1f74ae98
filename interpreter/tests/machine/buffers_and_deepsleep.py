# The buffer forms of the bus APIs (readfrom_into, readfrom_mem_into, writevto, SPI/UART
# readinto into a bytearray or a memoryview slice), then deepsleep: the board powers down,
# so nothing after it runs (the script ends as after machine.reset(), status 0).
import struct
import machine
from machine import I2C, SPI, UART, Pin

i2c = I2C(0, scl=Pin(5), sda=Pin(4))
print("scan", i2c.scan())
who = bytearray(1)
i2c.readfrom_mem_into(0x68, 0x75, who)  # MPU6050 WHO_AM_I
print("who_am_i", hex(who[0]))
print("wake", i2c.writevto(0x68, [b"\x6b", b"\x00"]))
raw = bytearray(6)
i2c.readfrom_mem_into(0x68, 0x3B, raw)
ax, ay, az = struct.unpack(">hhh", raw)
print("accel", type(ax).__name__, -32768 <= az <= 32767)
i2c.writeto(0x68, b"\x75", False)
buf = bytearray(3)
print("readfrom_into", i2c.readfrom_into(0x68, memoryview(buf)[1:2]), hex(buf[1]), buf[0], buf[2])
try:
    i2c.readfrom_into(0x50, bytearray(2))
except OSError as e:
    print("no device:", e.errno)

uart = UART(1, baudrate=115200)
uart.write(b"0123456789")
part = bytearray(4)
print("uart readinto", uart.readinto(part), part)
print("into a view", uart.readinto(memoryview(part)[:2], 2), part)
print("uart rest", uart.read())
spi = SPI(0, baudrate=1_000_000)
rx = bytearray(3)
spi.write_readinto(b"abc", rx)
print("spi loopback", rx)
print("before deepsleep")
machine.deepsleep(1000)
print("not reached")
