# Sensor: reads a temperature from ADC channel 0 (a TMP36-style sensor:
# 0.5 V at 0 degC, 10 mV per degC, 3.3 V full scale), publishes it as the
# telemetry series "temp_c", and sleeps between readings.
import fleet
import machine
import time


def read_celsius():
    raw = machine.adc_read(0)
    volts = raw / 65535 * 3.3
    return (volts - 0.5) * 100


config = fleet.config()
interval = config.get("interval_s", 5)
print("sensor app on", fleet.device_id(), "every", interval, "s")

count = 0
while True:
    celsius = read_celsius()
    fleet.publish("temp_c", celsius)
    count = count + 1
    if count % 12 == 1:
        fleet.log("reading " + str(count) + ": " + str(celsius) + " C")
    time.sleep(interval)
