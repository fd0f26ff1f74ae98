# Driver-style code for the simulated board's I2C sensors: an SHT3x (0x44) and an MPU6050 (0x68).
import struct
import time
from machine import I2C, SoftI2C, Pin
import simboard


def crc8(data):
    crc = 0xFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = ((crc << 1) ^ 0x31) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


class SHT3x:
    def __init__(self, i2c, addr=0x44):
        self.i2c = i2c
        self.addr = addr

    def _cmd(self, cmd):
        self.i2c.writeto(self.addr, bytes([cmd >> 8, cmd & 0xFF]))

    def _words(self, n):
        data = self.i2c.readfrom(self.addr, 3 * n)
        out = []
        for i in range(n):
            chunk = data[3 * i:3 * i + 2]
            if crc8(chunk) != data[3 * i + 2]:
                raise OSError("CRC mismatch")
            out.append(chunk[0] << 8 | chunk[1])
        return out

    def measure(self):
        self._cmd(0x2400)
        time.sleep_ms(15)
        t, h = self._words(2)
        return -45 + 175 * t / 65535, 100 * h / 65535

    def status(self):
        self._cmd(0xF32D)
        return self._words(1)[0]

    def heater(self, on):
        self._cmd(0x306D if on else 0x3066)

    def serial(self):
        self._cmd(0x3780)
        a, b = self._words(2)
        return a << 16 | b


class MPU6050:
    def __init__(self, i2c, addr=0x68):
        self.i2c = i2c
        self.addr = addr
        if i2c.readfrom_mem(addr, 0x75, 1)[0] != 0x68:
            raise OSError("not an MPU6050")
        self.i2c.writeto_mem(addr, 0x6B, b"\x00")  # wake up

    def accel_range(self, g):
        sel = {2: 0, 4: 1, 8: 2, 16: 3}[g]
        self.i2c.writeto_mem(self.addr, 0x1C, bytes([sel << 3]))
        self.lsb = 16384 >> sel

    def read(self):
        raw = self.i2c.readfrom_mem(self.addr, 0x3B, 14)
        ax, ay, az, t, gx, gy, gz = struct.unpack(">hhhhhhh", raw)
        lsb = getattr(self, "lsb", 16384)
        return (ax / lsb, ay / lsb, az / lsb), t / 340 + 36.53, (gx / 131, gy / 131, gz / 131)


i2c = I2C(0, scl=Pin(5), sda=Pin(4), freq=400_000)
print("scan:", [hex(a) for a in i2c.scan()])
sht = SHT3x(i2c)
t, h = sht.measure()
print("SHT3x: %.2f C %.2f %%RH" % (t, h))
simboard.set_env(30.25, 61.5)
t, h = sht.measure()
print("SHT3x: %.2f C %.2f %%RH" % (t, h))
print("status: %04x" % sht.status())
sht.heater(True)
print("heater status bit:", sht.status() >> 13 & 1)
print("with heater: %.1f C" % sht.measure()[0])
sht.heater(False)
print("serial: %08x" % sht.serial())
# reading without a command: the SHT3x NACKs its address
try:
    i2c.readfrom(0x44, 6)
except OSError as e:
    print("read without command:", e.errno, e)

mpu = MPU6050(i2c)
acc, temp, gyro = mpu.read()
print("accel", acc, "temp %.2f" % temp, "gyro", gyro)
simboard.set_accel(0.5, -0.25, 0.8)
simboard.set_gyro(10, -20, 250)
mpu.accel_range(8)
acc, temp, gyro = mpu.read()
print("accel", acc, "gyro", gyro)
buf = bytearray(2)
i2c.readfrom_mem_into(0x68, 0x1C, buf)
print("registers 0x1C, 0x1D:", list(buf))
i2c.writeto(0x68, b"\x6b\x80")  # device reset: asleep again
print("PWR_MGMT_1 after reset: %02x" % i2c.readfrom_mem(0x68, 0x6B, 1)[0])

# nobody at 0x50: OSError(ENODEV)
for f in (lambda: i2c.writeto(0x50, b"\x00"), lambda: i2c.readfrom(0x50, 1), lambda: i2c.readfrom_mem(0x50, 0, 2)):
    try:
        f()
    except OSError as e:
        print("0x50:", e.errno, e.args[0] == 19)
# the second bus is empty
print("I2C(1) scan:", I2C(1).scan())
soft = SoftI2C(scl=Pin(17), sda=Pin(16), freq=100_000)
print("SoftI2C scan:", [hex(a) for a in soft.scan()])
for bad in (lambda: I2C(7), lambda: I2C(0, freq=5_000_000), lambda: I2C(0, scl=Pin(40)), lambda: i2c.writeto(0x80, b"")):
    try:
        bad()
    except ValueError as e:
        print("ValueError:", e)
