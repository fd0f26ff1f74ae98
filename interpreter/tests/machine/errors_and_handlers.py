# MicroPython's argument checking and exceptions, and how Pin.irq / Timer handlers run: as
# soft interrupts between bytecodes or while the script sleeps, with the pin / timer as
# argument, protected (an exception is reported and the script goes on), kept alive by
# the module (no reference from the script needed).
import gc
import time
import machine
from machine import Pin, Signal, ADC, PWM, I2C, SPI, UART, Timer, WDT, RTC
import simboard


def check(label, f):
    try:
        print(label, "->", f())
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)


print("-- bad arguments")
check("Pin(-1)", lambda: Pin(-1))
check("Pin(30)", lambda: Pin(30))
check("Pin('NOPE')", lambda: Pin("NOPE"))
check("Pin(1.5)", lambda: Pin(1.5))
check("Pin(2, 9)", lambda: Pin(2, 9))
check("Pin(2, Pin.IN, 7)", lambda: Pin(2, Pin.IN, 7))
check("Pin(2, None)", lambda: Pin(2, None))
check("Pin(2, speed=1)", lambda: Pin(2, speed=1))
check("Pin()", lambda: Pin())
check("Pin.value(3)", lambda: Pin.value(3))
check("Pin(2).irq(5)", lambda: Pin(2).irq(5))
check("Signal()", lambda: Signal())
check("ADC(Pin(5))", lambda: ADC(Pin(5)))
check("ADC(-1)", lambda: ADC(-1))
check("PWM(Pin(15), freq=1)", lambda: PWM(Pin(15), freq=1))
check("PWM(Pin(15), freq=10**9)", lambda: PWM(Pin(15), freq=10**9))
i2c = I2C(0)
check("I2C(9)", lambda: I2C(9))
check("i2c.writeto(0x80, b'')", lambda: i2c.writeto(0x80, b""))
check("i2c.writeto(-1, b'')", lambda: i2c.writeto(-1, b""))
check("i2c.readfrom(0x68, -1)", lambda: i2c.readfrom(0x68, -1))
check("i2c.readfrom_mem(.., addrsize=12)", lambda: i2c.readfrom_mem(0x68, 0x75, 1, addrsize=12))
check("i2c.writeto(0x44, 'text')", lambda: i2c.writeto(0x44, "text"))
check("i2c.readfrom(0x68)", lambda: i2c.readfrom(0x68))
spi = SPI(0)
check("spi.read(2, 300)", lambda: spi.read(2, 300))
check("spi.write_readinto(b'ab', bytearray(3))", lambda: spi.write_readinto(b"ab", bytearray(3)))
check("UART(1, parity=3)", lambda: UART(1, parity=3))
check("UART(1, stop=3)", lambda: UART(1, stop=3))
check("UART(1, 0)", lambda: UART(1, 0))
check("Timer(mode=5, period=10)", lambda: Timer(mode=5, period=10))
check("Timer(period=-3)", lambda: Timer(period=-3))
check("Timer(period=5, tick_hz=0)", lambda: Timer(period=5, tick_hz=0))
check("Timer(-7)", lambda: Timer(-7))
check("WDT(timeout=0)", lambda: WDT(timeout=0))
check("RTC().datetime(9 fields)", lambda: RTC().datetime((1, 2, 3, 4, 5, 6, 7, 8, 9)))
check("machine.freq(1000)", lambda: machine.freq(1000))
check("machine.idle(1)", lambda: machine.idle(1))
check("machine.nope", lambda: machine.nope)

print("-- bus errors: OSError with errno")
for label, f in (
    ("writeto", lambda: i2c.writeto(0x50, b"\x00")),
    ("readfrom", lambda: i2c.readfrom(0x50, 2)),
    ("readfrom_mem", lambda: i2c.readfrom_mem(0x50, 0, 2)),
    ("writeto_mem", lambda: i2c.writeto_mem(0x50, 0, b"\x01")),
):
    try:
        f()
    except OSError as e:
        print(label, e.errno, e.args, e)
try:
    i2c.writeto_mem(0x44, 0x30, b"\x00")  # the SHT3x NACKs the second byte of an unknown command
except OSError as e:
    print("short write:", e.errno, e)

print("-- pin handlers")
events = []
button = Pin(6, Pin.IN, Pin.PULL_UP)
irq = button.irq(lambda p: events.append((p is button, irq.flags())), Pin.IRQ_FALLING | Pin.IRQ_RISING)
simboard.drive(6, 0)
for _ in range(100):  # no idle(): the handler runs between bytecodes
    pass
print("between bytecodes:", events)
simboard.drive(6, 1)
time.sleep_ms(5)  # and while the script sleeps
print("while sleeping:", events)
irq.trigger(Pin.IRQ_RISING)
events.clear()
for level in (0, 1, 0, 1):
    simboard.drive(6, level)
machine.idle()
print("rising only:", events, irq.trigger() == Pin.IRQ_RISING, button.irq() is irq)


def failing(p):
    raise RuntimeError("handler failed")


button.irq(failing, Pin.IRQ_FALLING)
simboard.drive(6, 0)
machine.idle()
print("the script goes on after a failing handler")
simboard.drive(6, 1)
button.irq(None)
simboard.drive(6, 0)
machine.idle()
print("removed:", button.irq().trigger())

# A handler the script keeps no reference to survives a collection.
seen = []
Pin(7, Pin.IN).irq(lambda p: seen.append(repr(p)), Pin.IRQ_RISING)
gc.collect()
simboard.drive(7, 1)
machine.idle()
print("after gc:", seen)

# A handler that calls idle() does not re-enter the dispatch.
depth = []
Pin(8, Pin.IN).irq(lambda p: (depth.append(1), machine.idle()), Pin.IRQ_RISING)
simboard.drive(8, 1)
simboard.drive(8, 0)
simboard.drive(8, 1)
machine.idle()
print("nested idle:", len(depth))

print("-- timers")
fired = []
one = Timer(-1)
one.init(mode=Timer.ONE_SHOT, period=10, callback=lambda t: fired.append(t is one))
machine.lightsleep(60)
print("one-shot:", fired, one)
ticks = []
per = Timer(period=10, mode=Timer.PERIODIC, callback=lambda t: ticks.append(t is per))
t0 = time.ticks_ms()
while len(ticks) < 3 and time.ticks_diff(time.ticks_ms(), t0) < 10_000:
    time.sleep_ms(5)
per.deinit()
n = len(ticks)
machine.lightsleep(40)
print("periodic:", n >= 3, all(ticks), "stopped:", len(ticks) == n)
hz = []
fast = Timer(freq=200, callback=lambda t: hz.append(1))
t0 = time.ticks_ms()
while len(hz) < 3 and time.ticks_diff(time.ticks_ms(), t0) < 10_000:
    machine.lightsleep(5)
fast.deinit()
print("freq=200:", len(hz) >= 3)
err = Timer(period=5, mode=Timer.ONE_SHOT, callback=lambda t: 1 / 0)
machine.lightsleep(20)
print("the script goes on after a failing timer callback")
quiet = Timer(period=5, mode=Timer.ONE_SHOT, callback=None)
machine.lightsleep(10)
print("no callback:", quiet)

print("-- objects")
print(Pin(3) == Pin(3), Pin(3) == Pin(4), Pin(3) == 3, len({Pin(3), Pin(3)}), hash(Pin(9)))
print(str(Pin(4, Pin.OUT)), "%s" % ADC(0), [UART(0)], repr(I2C(0)))


class Led(Pin):
    def __init__(self, n):
        super().__init__(n, Pin.OUT, value=0)
        self.blinks = 0

    def blink(self):
        self.toggle()
        self.blinks += 1
        return self.value()


led = Led(12)
print("subclass:", led.blink(), led.blink(), led.blinks, led, isinstance(led, Pin), Signal(led).value())
names = dir(machine)
print("dir:", all(n in names for n in ("Pin", "I2C", "Timer", "reset", "PWRON_RESET")))
from machine import *

print("star import:", SoftSPI.__name__, DEEPSLEEP_RESET, callable(lightsleep))
