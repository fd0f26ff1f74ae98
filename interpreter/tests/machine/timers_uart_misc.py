# Timers (periodic, one-shot), UART loopback, SPI loopback, WDT, RTC and board functions.
import machine
from machine import Timer, UART, SPI, SoftSPI, Pin, WDT, RTC
import simboard
import time

ticks = []
t = Timer(period=20, mode=Timer.PERIODIC, callback=lambda tm: ticks.append(len(ticks)))
once = []
t2 = Timer(-1)
t2.init(mode=Timer.ONE_SHOT, period=30, callback=lambda tm: once.append("fired"))
t0 = time.ticks_ms()
while (len(ticks) < 4 or not once) and time.ticks_diff(time.ticks_ms(), t0) < 10_000:
    machine.lightsleep(20)  # handlers run while the board sleeps
t.deinit()
n = len(ticks)
machine.lightsleep(50)
print("periodic ticks:", n >= 4, "stopped:", len(ticks) == n, "one-shot:", once)
try:
    Timer(period=0, callback=print)
except ValueError as e:
    print("ValueError:", e)
t3 = Timer(freq=100, callback=None)
t3.deinit()

uart = UART(0, baudrate=9600)
print(uart)
print("any:", uart.any(), "read:", uart.read())
print("wrote", uart.write(b"AT+GMR\r\n"), "any:", uart.any())
print("readline:", uart.readline())
uart.write("hello\nworld")
print(uart.read(3), uart.readline(), uart.read(), uart.read())
simboard.uart_inject(0, b"$GPGGA,123519,4807.038,N\r\n")
buf = bytearray(6)
print(uart.readinto(buf), bytes(buf), uart.readline())
for bad in (lambda: UART(5), lambda: UART(1, parity=3)):
    try:
        bad()
    except ValueError as e:
        print("ValueError:", e)

spi = SPI(0, baudrate=1_000_000, polarity=0, phase=0)
print("SPI read:", spi.read(3, 0xA5))
rx = bytearray(4)
spi.write_readinto(b"\x01\x02\x03\x04", rx)
print("SPI loopback:", bytes(rx))
spi.write(b"\xff")
soft = SoftSPI(baudrate=100_000, sck=Pin(10), mosi=Pin(11), miso=Pin(12))
buf = bytearray(2)
soft.readinto(buf, 0x5A)
print("SoftSPI:", bytes(buf))
try:
    SPI(3)
except ValueError as e:
    print("ValueError:", e)

wdt = WDT(timeout=2000)
wdt.feed()
print("wdt expired:", simboard.wdt_expired())
try:
    WDT(timeout=100_000)
except ValueError as e:
    print("ValueError:", e)

rtc = RTC()
print("RTC at power-on:", rtc.datetime()[:3])
rtc.datetime((2024, 2, 29, 3, 23, 59, 58, 0))
machine.lightsleep(2100)
d = rtc.datetime()
print("two seconds later:", d[:3], "weekday", d[3], d[4:6], d[6] < 30)

print("unique_id:", machine.unique_id().hex())
print("freq:", machine.freq())
machine.freq(200_000_000)
print("freq:", machine.freq())
try:
    machine.freq(1000)
except ValueError as e:
    print("ValueError:", e)
print("reset_cause is PWRON_RESET:", machine.reset_cause() == machine.PWRON_RESET)
state = machine.disable_irq()
machine.enable_irq(state)
try:
    machine.reset()
except SystemExit:
    print("reset ends the script; resets:", simboard.resets(), "cause now SOFT:", machine.reset_cause() == machine.SOFT_RESET)
