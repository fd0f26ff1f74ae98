# machine: MicroPython's hardware API over the port's HAL (the native `_machine` module; see
# interpreter/src/machine/mod.rs for the trait every port implements).
#
# Pin.irq and Timer handlers run as scheduled soft interrupts: the HAL queues events and
# `_dispatch()` calls the handlers between bytecodes (through micropython.schedule's queue
# when the VM offers it), never inside another handler.

import _machine
import time

PWRON_RESET = 1
HARD_RESET = 2
WDT_RESET = 3
DEEPSLEEP_RESET = 4
SOFT_RESET = 5

IDLE = 0
SLEEP = 1
DEEPSLEEP = 2

_ERRNO_NAMES = {5: "EIO", 19: "ENODEV", 110: "ETIMEDOUT"}


def _oserror(n):
    return OSError(n, _ERRNO_NAMES.get(n, "EIO"))


def _check(r):
    if type(r) is int and r < 0:
        raise _oserror(-r)
    return r


# ---------- event dispatch ----------

_pin_handlers = {}  # pin id -> (handler, Pin)
_timer_handlers = {}  # timer id -> Timer
_dispatching = [False]


def _dispatch():
    """Runs the handlers of pending pin edges and timer expiries."""
    if _dispatching[0]:
        return
    _dispatching[0] = True
    try:
        for kind, ident, arg in _machine.poll():
            _run_event(kind, ident, arg)
    finally:
        _dispatching[0] = False


def _run_event(kind, ident, arg):
    if kind == 0:
        h = _pin_handlers.get(ident)
        if h is not None:
            h[1]._flags = 8 if arg else 4
            h[0](h[1])
    else:
        t = _timer_handlers.get(ident)
        if t is not None:
            if t._mode == Timer.ONE_SHOT:
                del _timer_handlers[ident]
            if t._callback is not None:
                t._callback(t)


def _irq(arg):
    """One event from the host's poll_irq (pin * 2 + rising, or -1 - timer id)."""
    if arg < 0:
        _run_event(1, -1 - arg, 0)
    else:
        _run_event(0, arg >> 1, arg & 1)


_machine.set_irq_handler(_irq)


def _pending_ms():
    """Milliseconds until the next HAL event (0: one is pending), None if none is scheduled."""
    return _machine.next_event_ms()


# ---------- Pin / Signal ----------


def _pin_id(p):
    if isinstance(p, Pin):
        return p._id
    if isinstance(p, str):
        n = _machine.pin_by_name(p)
        if n is None:
            raise ValueError("invalid pin")
        return n
    if isinstance(p, int):
        return p
    raise TypeError("invalid pin")


_NOARG = object()


class _PinIRQ:
    def __init__(self, pin, trigger):
        self._pin = pin
        self._trigger = trigger

    def flags(self):
        return self._pin._flags

    def trigger(self, t=None):
        if t is None:
            return self._trigger
        self._trigger = t
        _machine.pin_irq(self._pin._id, (1 if t & Pin.IRQ_FALLING else 0) | (2 if t & Pin.IRQ_RISING else 0))


class Pin:
    """A GPIO pin: Pin(id, mode=-1, pull=-1, *, value=None)."""

    IN = 0
    OUT = 1
    OPEN_DRAIN = 2
    ALT = 3
    PULL_UP = 1
    PULL_DOWN = 2
    IRQ_FALLING = 4
    IRQ_RISING = 8
    LOW_POWER = 0
    MED_POWER = 1
    HIGH_POWER = 2

    def __init__(self, id, mode=-1, pull=-1, *, value=None, drive=None, alt=None):
        self._id = _pin_id(id)
        self._mode = None
        self._pull = None
        self._flags = 0
        self._irq = None
        _machine.pin_read(self._id)  # validates the pin
        self.init(mode, pull, value=value)

    def init(self, mode=-1, pull=-1, *, value=None, drive=None, alt=None):
        if value is not None:
            _machine.pin_write(self._id, value)
        if mode != -1 or pull != -1:
            if mode == -1:
                mode = self._mode if self._mode is not None else Pin.IN
            if pull == -1 or pull is None:
                pull = self._pull if (pull == -1 and self._pull is not None) else 0
            if mode not in (0, 1, 2, 3):
                raise ValueError("invalid pin mode: %r" % (mode,))
            if pull not in (0, 1, 2):
                raise ValueError("invalid pull: %r" % (pull,))
            _machine.pin_configure(self._id, mode, pull)
            self._mode = mode
            self._pull = pull

    def value(self, x=None):
        if x is None:
            return _machine.pin_read(self._id)
        _machine.pin_write(self._id, x)

    def __call__(self, x=None):
        return self.value(x)

    def on(self):
        _machine.pin_write(self._id, 1)

    def off(self):
        _machine.pin_write(self._id, 0)

    high = on
    low = off

    def toggle(self):
        _machine.pin_write(self._id, 1 - _machine.pin_read(self._id))

    def mode(self, m=None):
        if m is None:
            return self._mode
        self.init(m)

    def pull(self, p=None):
        if p is None:
            return self._pull
        self.init(self._mode if self._mode is not None else Pin.IN, p)

    def irq(self, handler=_NOARG, trigger=IRQ_FALLING | IRQ_RISING, *, priority=1, wake=None, hard=False):
        if handler is _NOARG:
            # pin.irq() with no arguments: the current IRQ object, settings unchanged.
            if self._irq is None:
                self._irq = _PinIRQ(self, 0)
            return self._irq
        if handler is None:
            _pin_handlers.pop(self._id, None)
            _machine.pin_irq(self._id, 0)
        else:
            if not callable(handler):
                raise TypeError("handler must be callable")
            _pin_handlers[self._id] = (handler, self)
            _machine.pin_irq(self._id, (1 if trigger & Pin.IRQ_FALLING else 0) | (2 if trigger & Pin.IRQ_RISING else 0))
        self._irq = _PinIRQ(self, trigger)
        return self._irq

    def __eq__(self, other):
        return isinstance(other, Pin) and other._id == self._id

    def __hash__(self):
        return self._id

    def __repr__(self):
        names = {0: "IN", 1: "OUT", 2: "OPEN_DRAIN", 3: "ALT"}
        if self._mode is None:
            return "Pin(GPIO%d)" % self._id
        s = "Pin(GPIO%d, mode=%s" % (self._id, names[self._mode])
        if self._pull:
            s += ", pull=%s" % ("PULL_UP" if self._pull == 1 else "PULL_DOWN")
        return s + ")"


class Signal:
    """A pin with optional inversion: Signal(pin, invert=False) or Signal(id, mode, ..., invert=)."""

    def __init__(self, pin, *args, invert=False, **kw):
        if not isinstance(pin, Pin):
            pin = Pin(pin, *args, **kw)
        self._pin = pin
        self._invert = bool(invert)

    def value(self, x=None):
        if x is None:
            return self._pin.value() ^ self._invert
        self._pin.value(bool(x) ^ self._invert)

    def __call__(self, x=None):
        return self.value(x)

    def on(self):
        self.value(1)

    def off(self):
        self.value(0)


# ---------- ADC / PWM ----------


class ADC:
    """ADC(pin or channel): an int is a channel, which the board maps to its pin (the simulated
    board: ADC(0..3) are pins 26..29, ADC(4) the temperature sensor)."""

    CORE_TEMP = 4

    def __init__(self, pin, *, atten=None):
        if isinstance(pin, Pin):
            pid = pin._id
        elif isinstance(pin, int) and pin >= 0:
            pid = _machine.adc_pin(pin)
        else:
            pid = _pin_id(pin)
        _machine.adc_read_uv(pid)  # validates: ValueError for a pin without ADC
        self._pin = pid

    def read_uv(self):
        return _machine.adc_read_uv(self._pin)

    def read_u16(self):
        # A 12-bit converter scaled to 16 bits, as MicroPython does.
        raw = _machine.adc_read_uv(self._pin) * 4095 // _machine.adc_full_scale()
        if raw > 4095:
            raw = 4095
        return (raw << 4) | (raw >> 8)

    def __repr__(self):
        return "<ADC pin=%d>" % self._pin


class PWM:
    """PWM(pin, *, freq, duty_u16, duty_ns, invert=False)."""

    def __init__(self, pin, *, freq=None, duty_u16=None, duty_ns=None, invert=False):
        self._pin = _pin_id(pin)
        self._freq = 1000
        self._duty = 0
        self._invert = invert
        self.init(freq=freq, duty_u16=duty_u16, duty_ns=duty_ns)

    def init(self, *, freq=None, duty_u16=None, duty_ns=None):
        if freq is not None:
            self._set_freq(freq)
        if duty_u16 is not None:
            self._duty = self._clamp(duty_u16)
        if duty_ns is not None:
            self._duty = self._ns_to_u16(duty_ns)
        self._apply()

    def _set_freq(self, f):
        lo, hi = _machine.pwm_range()
        if f < lo:
            raise ValueError("freq too small")
        if f > hi:
            raise ValueError("freq too large")
        self._freq = int(f)

    @staticmethod
    def _clamp(d):
        d = int(d)
        return 0 if d < 0 else 65535 if d > 65535 else d

    def _ns_to_u16(self, ns):
        return self._clamp(int(ns) * self._freq * 65535 // 1000000000)

    def _apply(self):
        d = 65535 - self._duty if self._invert else self._duty
        _machine.pwm_set(self._pin, self._freq, d)

    def freq(self, f=None):
        if f is None:
            return self._freq
        self._set_freq(f)
        self._apply()

    def duty_u16(self, d=None):
        if d is None:
            return self._duty
        self._duty = self._clamp(d)
        self._apply()

    def duty_ns(self, ns=None):
        if ns is None:
            return self._duty * 1000000000 // (self._freq * 65535)
        self._duty = self._ns_to_u16(ns)
        self._apply()

    def deinit(self):
        _machine.pwm_deinit(self._pin)

    def __repr__(self):
        return "<PWM GPIO%d freq=%d duty_u16=%d>" % (self._pin, self._freq, self._duty)


# ---------- I2C ----------


def _mem_bytes(memaddr, addrsize):
    if addrsize not in (8, 16, 24, 32):
        raise ValueError("invalid addrsize")
    n = addrsize // 8
    return bytes([(memaddr >> (8 * (n - 1 - i))) & 0xFF for i in range(n)])


def _into(buf, data):
    n = len(data)
    for i in range(n):
        buf[i] = data[i]


class I2C:
    """I2C(id, *, scl=None, sda=None, freq=400000, timeout=50000)."""

    def __init__(self, id=-1, *, scl=None, sda=None, freq=400000, timeout=50000):
        self._open(None if id == -1 else id, scl, sda, freq)

    def _open(self, id, scl, sda, freq):
        self._bus = _machine.i2c_open(
            id, None if scl is None else _pin_id(scl), None if sda is None else _pin_id(sda), int(freq)
        )
        self._freq = freq

    def init(self, *, scl=None, sda=None, freq=400000, timeout=50000):
        self._open(self._bus, scl, sda, freq)

    def scan(self):
        found = []
        for addr in range(0x08, 0x78):
            if _machine.i2c_write(self._bus, addr, b"", True) >= 0:
                found.append(addr)
        return found

    def writeto(self, addr, buf, stop=True):
        return _check(_machine.i2c_write(self._bus, addr, bytes(buf), stop))

    def writevto(self, addr, vector, stop=True):
        data = b"".join(bytes(b) for b in vector)
        return _check(_machine.i2c_write(self._bus, addr, data, stop))

    def readfrom(self, addr, nbytes, stop=True):
        return _check(_machine.i2c_read(self._bus, addr, nbytes, stop))

    def readfrom_into(self, addr, buf, stop=True):
        _into(buf, self.readfrom(addr, len(buf), stop))

    def readfrom_mem(self, addr, memaddr, nbytes, *, addrsize=8):
        _check(_machine.i2c_write(self._bus, addr, _mem_bytes(memaddr, addrsize), False))
        return self.readfrom(addr, nbytes)

    def readfrom_mem_into(self, addr, memaddr, buf, *, addrsize=8):
        _into(buf, self.readfrom_mem(addr, memaddr, len(buf), addrsize=addrsize))

    def writeto_mem(self, addr, memaddr, buf, *, addrsize=8):
        n = _check(_machine.i2c_write(self._bus, addr, _mem_bytes(memaddr, addrsize) + bytes(buf), True))
        if n < addrsize // 8 + len(buf):
            raise _oserror(5)

    def __repr__(self):
        return "I2C(%d, freq=%d)" % (self._bus, self._freq)


class SoftI2C(I2C):
    """SoftI2C(scl, sda, *, freq=400000, timeout=50000): I2C bit-banged on any two pins."""

    def __init__(self, scl, sda, *, freq=400000, timeout=50000):
        self._open(None, scl, sda, freq)


# ---------- SPI ----------


class SPI:
    """SPI(id, baudrate=1000000, *, polarity=0, phase=0, bits=8, firstbit=SPI.MSB, sck, mosi, miso)."""

    MSB = 0
    LSB = 1
    CONTROLLER = 0
    MASTER = 0

    def __init__(self, id=-1, baudrate=1000000, *, polarity=0, phase=0, bits=8, firstbit=0, sck=None, mosi=None, miso=None):
        self._id = None if id == -1 else id
        self.init(baudrate, polarity=polarity, phase=phase, bits=bits, firstbit=firstbit, sck=sck, mosi=mosi, miso=miso)

    def init(self, baudrate=1000000, *, polarity=0, phase=0, bits=8, firstbit=0, sck=None, mosi=None, miso=None):
        p = [None if x is None else _pin_id(x) for x in (sck, mosi, miso)]
        self._bus = _machine.spi_open(self._id, p[0], p[1], p[2], int(baudrate), polarity, phase, bits, firstbit == SPI.LSB)
        self._baudrate = baudrate

    def deinit(self):
        pass

    def read(self, nbytes, write=0x00):
        return _check(_machine.spi_transfer(self._bus, bytes([write]) * nbytes))

    def readinto(self, buf, write=0x00):
        _into(buf, self.read(len(buf), write))

    def write(self, buf):
        _check(_machine.spi_transfer(self._bus, bytes(buf)))

    def write_readinto(self, write_buf, read_buf):
        if len(write_buf) != len(read_buf):
            raise ValueError("buffers must be the same length")
        _into(read_buf, _check(_machine.spi_transfer(self._bus, bytes(write_buf))))


class SoftSPI(SPI):
    """SoftSPI(baudrate=500000, *, polarity=0, phase=0, bits=8, firstbit=MSB, sck, mosi, miso)."""

    def __init__(self, baudrate=500000, *, polarity=0, phase=0, bits=8, firstbit=0, sck=None, mosi=None, miso=None):
        if sck is None or mosi is None or miso is None:
            raise ValueError("need sck, mosi and miso pins")
        self._id = None
        self.init(baudrate, polarity=polarity, phase=phase, bits=bits, firstbit=firstbit, sck=sck, mosi=mosi, miso=miso)


# ---------- UART ----------


class UART:
    """UART(id, baudrate=115200, bits=8, parity=None, stop=1, *, tx, rx, timeout=0)."""

    INV_TX = 1
    INV_RX = 2
    RTS = 1
    CTS = 2

    def __init__(self, id, baudrate=115200, bits=8, parity=None, stop=1, **kw):
        self._id = id
        self.init(baudrate, bits, parity, stop, **kw)

    def init(self, baudrate=115200, bits=8, parity=None, stop=1, *, tx=None, rx=None, timeout=0, timeout_char=0, txbuf=None, rxbuf=None, invert=0, flow=0):
        if parity not in (None, 0, 1):
            raise ValueError("invalid parity")
        if stop not in (1, 2):
            raise ValueError("invalid stop bits")
        _machine.uart_open(self._id, int(baudrate), bits, parity, stop)
        self._baudrate = baudrate
        self._bits = bits
        self._parity = parity
        self._stop = stop

    def deinit(self):
        pass

    def any(self):
        return _check(_machine.uart_any(self._id))

    def read(self, nbytes=-1):
        n = _check(_machine.uart_any(self._id))
        if nbytes is not None and nbytes >= 0 and nbytes < n:
            n = nbytes
        if n == 0:
            return None
        return _check(_machine.uart_read(self._id, n))

    def readinto(self, buf, nbytes=-1):
        want = len(buf) if nbytes is None or nbytes < 0 else min(nbytes, len(buf))
        data = self.read(want)
        if data is None:
            return None
        _into(buf, data)
        return len(data)

    def readline(self):
        out = b""
        while True:
            c = _check(_machine.uart_read(self._id, 1))
            if not c:
                return out if out else None
            out += c
            if c == b"\n":
                return out

    def write(self, buf):
        if isinstance(buf, str):
            buf = buf.encode()
        return _check(_machine.uart_write(self._id, bytes(buf)))

    def flush(self):
        pass

    def txdone(self):
        return True

    def sendbreak(self):
        pass

    def __repr__(self):
        return "UART(%d, baudrate=%d, bits=%d, parity=%s, stop=%d)" % (
            self._id, self._baudrate, self._bits, self._parity, self._stop)


# ---------- Timer / WDT / RTC ----------

_virtual_timer_ids = [1000]


class Timer:
    """Timer(id=-1, *, mode=PERIODIC, period=-1, freq=-1, callback=None)."""

    ONE_SHOT = 0
    PERIODIC = 1

    def __init__(self, id=-1, **kw):
        if id == -1:
            _virtual_timer_ids[0] += 1
            id = _virtual_timer_ids[0]
        self._id = id
        self._mode = Timer.PERIODIC
        self._callback = None
        if kw:
            self.init(**kw)

    def init(self, *, mode=PERIODIC, period=-1, freq=-1, tick_hz=1000, callback=None):
        if mode not in (Timer.ONE_SHOT, Timer.PERIODIC):
            raise ValueError("invalid mode")
        if freq is not None and freq > 0:
            period_ms = 1000 / freq
        elif period is not None and period > 0:
            period_ms = period * 1000 / tick_hz
        else:
            raise ValueError("period must be positive")
        period_ms = int(period_ms) if period_ms >= 1 else 1
        self._mode = mode
        self._callback = callback
        _timer_handlers[self._id] = self
        _machine.timer_start(self._id, period_ms, mode == Timer.PERIODIC)

    def deinit(self):
        _machine.timer_stop(self._id)
        _timer_handlers.pop(self._id, None)

    def __repr__(self):
        return "Timer(%d, mode=%s)" % (self._id, "PERIODIC" if self._mode else "ONE_SHOT")


class WDT:
    """WDT(id=0, timeout=5000): once started it cannot be stopped; feed() it in time."""

    def __init__(self, id=0, timeout=5000):
        _machine.wdt_start(int(timeout))

    def feed(self):
        _machine.wdt_feed()


class RTC:
    """RTC(): datetime() -> (year, month, day, weekday, hours, minutes, seconds, subseconds)."""

    def __init__(self, id=0, datetime=None):
        if datetime is not None:
            self.datetime(datetime)

    def init(self, datetime):
        self.datetime(datetime)

    def datetime(self, dt=None):
        if dt is None:
            return tuple(_machine.rtc_get())
        dt = tuple(dt) + (0,) * (8 - len(dt))
        if len(dt) != 8:
            raise ValueError("datetime needs up to 8 fields")
        _machine.rtc_set(*dt)

    def now(self):
        d = self.datetime()
        return (d[0], d[1], d[2], d[4], d[5], d[6], d[7], 0)


# ---------- functions ----------


def reset():
    _machine.reset(False)
    raise SystemExit


def soft_reset():
    _machine.reset(True)
    raise SystemExit


def reset_cause():
    return _machine.reset_cause()


def unique_id():
    return _machine.unique_id()


def freq(hz=None):
    if hz is None:
        return _machine.freq()
    _machine.freq(hz)


def idle():
    _dispatch()
    _machine.idle()


def lightsleep(time_ms=None):
    """Sleeps; pin and timer events still run their handlers (then the sleep goes on)."""
    _dispatch()
    if time_ms is None:
        while True:
            nxt = _pending_ms()
            time.sleep_ms(1000 if nxt is None else max(1, nxt))
            _dispatch()
    end = time.ticks_add(time.ticks_ms(), int(time_ms))
    while True:
        left = time.ticks_diff(end, time.ticks_ms())
        if left <= 0:
            break
        nxt = _pending_ms()
        if nxt is not None and nxt < left:
            time.sleep_ms(max(1, nxt))
            _dispatch()
        else:
            time.sleep_ms(left)
    _dispatch()


def deepsleep(time_ms=None):
    _machine.deepsleep(time_ms)
    raise SystemExit


_irq_state = [True]


def disable_irq():
    s = _irq_state[0]
    _irq_state[0] = False
    return s


def enable_irq(state=True):
    _irq_state[0] = state
    if state:
        _dispatch()


def time_pulse_us(pin, pulse_level, timeout_us=1000000):
    # A simulated pin cannot produce timed pulses: report the timeout, as a board does.
    return -2
