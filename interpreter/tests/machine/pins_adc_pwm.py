# Pins (modes, pulls, open drain, irq), Signal, ADC curves and PWM on the simulated board.
import machine
from machine import Pin, Signal, ADC, PWM
import simboard

led = Pin("LED", Pin.OUT)
print(led, led.value())
led.on()
print("LED level", simboard.level(25), led())
led.toggle()
print("after toggle", led.value())
led(1)
print(led.value())
led.off()

p = Pin(2, Pin.IN, Pin.PULL_UP)
print(p, "floating with pull-up:", p.value())
simboard.drive(2, 0)
print("driven low:", p.value())
simboard.drive(2, None)
p.init(pull=Pin.PULL_DOWN)
print(p, "released, pull-down:", p.value())

od = Pin(3, Pin.OPEN_DRAIN, Pin.PULL_UP, value=1)
print(od, "open drain released:", od.value())
od.value(0)
print("open drain low:", od.value(), simboard.level(3))

events = []
button = Pin(6, Pin.IN, Pin.PULL_UP)
irq = button.irq(lambda pin: events.append(("falling", pin is button, irq.flags())), Pin.IRQ_FALLING)
for level in (0, 1, 0, 1):
    simboard.drive(6, level)
machine.idle()  # any handler still pending runs here
print(events, button.irq() is irq, irq.trigger() == Pin.IRQ_FALLING)
events.clear()
irq2 = button.irq(lambda pin: events.append(irq2.flags()), Pin.IRQ_FALLING | Pin.IRQ_RISING)
simboard.drive(6, 0)
machine.idle()
simboard.drive(6, 1)
machine.idle()
print("flags", events, Pin.IRQ_FALLING, Pin.IRQ_RISING)
button.irq(None)
simboard.drive(6, 0)
machine.idle()
print(events)

s = Signal(Pin(7, Pin.OUT), invert=True)
s.on()
print("inverted signal on -> pin", simboard.level(7), s.value())
s.off()
print("inverted signal off -> pin", simboard.level(7), s.value())

for bad in (lambda: Pin(30), lambda: Pin("NOPE"), lambda: Pin(2, 9)):
    try:
        bad()
    except ValueError as e:
        print("ValueError:", e)

pot = ADC(Pin(26))
print("pot:", pot.read_u16(), pot.read_uv())
simboard.set_voltage(3.3)
print("pot max:", pot.read_u16())
simboard.set_voltage(0)
print("pot min:", pot.read_u16())
ntc = ADC(1)
for t in (0, 25, 50):
    simboard.set_env(t, 50)
    uv = ntc.read_uv()
    # back to degrees with the thermistor's beta equation
    import math
    r = 10000 * uv / (3300000 - uv)
    print("NTC at %d C: %d uV -> %.1f C" % (t, uv, 1 / (1 / 298.15 + math.log(r / 10000) / 3950) - 273.15))
core = ADC(4)
simboard.set_env(27, 50)
v = core.read_u16() * 3.3 / 65535
print("core temperature: %.0f C" % (27 - (v - 0.706) / 0.001721))
light = ADC(2)
for lux in (1, 100, 10000):
    simboard.set_light(lux)
    print("light %d lux -> %d" % (lux, light.read_u16()))
try:
    ADC(Pin(5))
except ValueError as e:
    print("ValueError:", e)

pwm = PWM(Pin(15), freq=1000, duty_u16=32768)
print(pwm, simboard.pwm(15))
pwm.freq(50)
pwm.duty_ns(1_500_000)  # a servo's centre position
print(pwm.freq(), pwm.duty_u16(), pwm.duty_ns(), simboard.pwm(15))
pwm.duty_u16(70000)
print("clamped:", pwm.duty_u16())
for f in (1, 100_000_000):
    try:
        pwm.freq(f)
    except ValueError as e:
        print("ValueError:", e)
pwm.deinit()
print("after deinit:", simboard.pwm(15))
