# Sensor: measures the room with a Sensirion SHT3x on I2C bus 0 (address 0x44: single-shot
# measurement, CRC-checked) and publishes the temperature as the telemetry series "temp_c"
# (and the relative humidity as "humidity_pct"), sleeping between readings. A board without
# the SHT3x (the QEMU Cortex-M4 board has no I2C) reads a TMP36 on ADC channel 0 instead:
# 0.5 V at 0 degC, 10 mV per degC.
import fleet
import machine
import time

SHT3X = 0x44
MEASURE = b"\x24\x00"  # single shot, high repeatability, no clock stretching


def crc8(data):
    # Sensirion's CRC-8: polynomial 0x31, initial value 0xFF.
    crc = 0xFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = ((crc << 1) ^ 0x31) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def find_sht3x():
    try:
        i2c = machine.I2C(0)
        if SHT3X in i2c.scan():
            return i2c
    except (ValueError, OSError):
        pass  # no I2C bus 0 on this board
    return None


def read_sht3x(i2c):
    i2c.writeto(SHT3X, MEASURE)
    time.sleep_ms(16)  # a high-repeatability measurement takes up to 15.5 ms
    d = i2c.readfrom(SHT3X, 6)
    if crc8(d[0:2]) != d[2] or crc8(d[3:5]) != d[5]:
        raise OSError("SHT3x: CRC mismatch")
    celsius = -45 + 175 * ((d[0] << 8) | d[1]) / 65535
    humidity = 100 * ((d[3] << 8) | d[4]) / 65535
    return celsius, humidity


def read_tmp36(adc):
    return (adc.read_uv() / 1000000 - 0.5) * 100, None


config = fleet.config()
interval = config.get("interval_s", 5)
sht = find_sht3x()
adc = None if sht else machine.ADC(0)
print("sensor app on", fleet.device_id(), "with", "SHT3x" if sht else "TMP36", "every", interval, "s")

count = 0
while True:
    celsius, humidity = read_sht3x(sht) if sht else read_tmp36(adc)
    fleet.publish("temp_c", celsius)
    if humidity is not None:
        fleet.publish("humidity_pct", humidity)
    count = count + 1
    if count % 12 == 1:
        fleet.log("reading " + str(count) + ": " + str(celsius) + " C")
    time.sleep(interval)
