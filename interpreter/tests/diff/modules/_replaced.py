# A module that installs another object under its own name, as some libraries do
# (MicroPython's uasyncio is asyncio): importing it gives that object.
import sys


class _Settings:
    debug = False
    level = 3

    def describe(self):
        return "settings(debug=%s, level=%d)" % (self.debug, self.level)


sys.modules[__name__] = _Settings()
