# Crash: fails on purpose a moment after starting, with a traceback through
# two functions. Deployed over a working app, it is rolled back and its
# traceback reaches the server.
import fleet


def read_channel(readings, name):
    return readings[name]


def calibrate(readings):
    offset = read_channel(readings, "offset")
    return readings["raw"] - offset


print("crash app starting on", fleet.device_id())
value = calibrate({"raw": 512})
print("never printed", value)
