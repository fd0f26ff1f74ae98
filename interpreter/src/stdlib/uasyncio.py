# uasyncio: the old MicroPython name of asyncio.
from asyncio import *
